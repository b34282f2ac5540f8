import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@landcase/contracts';
import { SqliteEventStore } from '@landcase/eventstore';
import { KafkaBus } from '@landcase/messaging';
import { MongoReadModelStore } from '@landcase/readmodels';
import { createContext, project, type Running, type ServiceContext } from '@landcase/service-kit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from './chain.ts';
import {
  type AppendOutcome,
  appendToLedger,
  caseEntries,
  ensureLedgerIndexes,
  ledgerSize,
  recoverLedger,
} from './ledger.ts';
import { LEDGER_COLLECTION, type LedgerDoc } from './ledger-entry.ts';
import { LedgerTree } from './ledger-tree.ts';
import { toHex, verifyConsistency } from './merkle/index.ts';
import { ledgerProjection } from './projections/ledger.ts';

// The ledger on the real broker and the MongoDB-protocol server: the audit service is stopped
// while messages are still arriving and started again (a new process: new connections, nothing
// remembered in memory), then every message is delivered again, both by publishing each one a
// second time and through a fresh consumer group that reads the topics from the beginning.
// Afterwards every event is in the ledger exactly once, at the position and with the hash it had.

const kafka = process.env.LANDCASE_TEST_KAFKA;
const mongo = process.env.LANDCASE_TEST_MONGO;

const run = randomUUID().slice(0, 8);
const SERVICES = ['detection', 'enforcement', 'referral'] as const;
const topicOf = (service: string) => `audit-int-${run}.landcase.${service}.v1`;
const TOPICS = SERVICES.map(topicOf);
const CASES = Array.from({ length: 5 }, (_, i) => `LC-141181-20260302-int${run}${i}`);
const PER_CASE = 12;

interface Sent {
  topic: string;
  event: CloudEvent;
}

/** Each case's events, round robin over the services; per case and service in order. */
function history(): Sent[] {
  const sent: Sent[] = [];
  const sequence = new Map<string, number>();
  for (let n = 0; n < PER_CASE; n++) {
    for (const caseId of CASES) {
      const service = SERVICES[n % SERVICES.length]!;
      const seq = (sequence.get(service) ?? 0) + 1;
      sequence.set(service, seq);
      sent.push({
        topic: topicOf(service),
        event: {
          specversion: '1.0',
          id: randomUUID(),
          source: `/landcase/${service}`,
          type: `landcase.${service}.Step${n}.v1`,
          subject: caseId,
          time: new Date(Date.UTC(2026, 2, 2, 0, n, CASES.indexOf(caseId))).toISOString(),
          datacontenttype: 'application/json',
          // Key order, fractions and nesting that BSON and the broker must not disturb.
          data: { z: { b: 2, a: [1, 0.5] }, caseId, n, areaMu: 6.25 },
          actor: 'nrb:officer-1',
          division: '141181',
          correlationid: `corr-${n}`,
          causationid: `cause-${n}`,
          sequence: String(seq),
        },
      });
    }
  }
  return sent;
}

interface Life {
  ctx: ServiceContext;
  readModels: MongoReadModelStore;
  bus: KafkaBus;
  store: SqliteEventStore;
  running: Running[];
}

async function startLife(): Promise<Life> {
  const readModels = await MongoReadModelStore.connect(`${mongo!.replace(/\/+$/, '')}/lc_audit_int_${run}`);
  const log = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
  const bus = new KafkaBus({
    brokers: kafka!.split(',').map((b) => b.trim()),
    clientId: `audit-int-${run}`,
    logger: log,
    sessionTimeoutMs: 6_000,
    heartbeatIntervalMs: 500,
    maxWaitTimeMs: 200,
    redeliveryDelayMs: 20,
  });
  const store = SqliteEventStore.open(':memory:');
  const ctx = createContext('audit', { store, bus, readModels }, { log });
  await ensureLedgerIndexes(readModels);
  await recoverLedger(readModels);
  return { ctx, readModels, bus, store, running: [] };
}

async function endLife(life: Life): Promise<void> {
  for (const r of life.running.reverse()) await r.stop();
  await life.bus.close();
  await life.readModels.close();
  await life.store.close();
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const publishAll = async (bus: KafkaBus, sent: Sent[]) => {
  for (const { topic, event } of sent) await bus.publish(topic, [{ key: event.subject, event }]);
};

const allEntries = (readModels: MongoReadModelStore) =>
  readModels.collection<LedgerDoc>(LEDGER_COLLECTION).find({}, { sort: { field: 'position', direction: 1 } });

describe('the ledger across a restart and a redelivery of every message (Kafka, MongoDB protocol)', () => {
  const lives: Life[] = [];

  beforeAll(() => {
    if (!kafka || !mongo) {
      throw new Error(
        'LANDCASE_TEST_KAFKA and LANDCASE_TEST_MONGO must point to running servers: run the tests with `pnpm test` (or bash infra/with-servers.sh), which starts them',
      );
    }
  });
  afterAll(async () => {
    for (const life of lives) await endLife(life).catch(() => undefined);
    const cleanup = await MongoReadModelStore.connect(`${mongo!.replace(/\/+$/, '')}/lc_audit_int_${run}`);
    await cleanup.dropDatabase();
    await cleanup.close();
  });

  it('keeps every event once, at the same position with the same hash', async () => {
    const sent = history();
    const [early, late] = [sent.slice(0, 40), sent.slice(40)];

    // First life: stopped while the ledger is still catching up.
    const first = await startLife();
    lives.push(first);
    await publishAll(first.bus, early);
    first.running.push(await ledgerProjection(first.ctx, { topics: TOPICS, name: `ledger-${run}` }));
    await until('a part of the events ledgered', async () => (await ledgerSize(first.readModels)) >= 12);
    await endLife(first);
    lives.pop();

    // Second life: same consumer group, new connections, the rest of the events.
    const second = await startLife();
    lives.push(second);
    second.running.push(await ledgerProjection(second.ctx, { topics: TOPICS, name: `ledger-${run}` }));
    await publishAll(second.bus, late);
    // The head counts an entry as it is written: wait for the entries themselves as well.
    await until(
      'every event ledgered',
      async () =>
        (await ledgerSize(second.readModels)) === sent.length &&
        (await allEntries(second.readModels)).length === sent.length,
    );

    const before = await allEntries(second.readModels);
    expect(before.map((e) => e.position)).toEqual(sent.map((_, i) => i + 1));
    expect(new Set(before.map((e) => e.id))).toEqual(new Set(sent.map((s) => s.event.id)));
    for (const caseId of CASES) {
      const entries = await caseEntries(second.readModels, caseId);
      expect(verifyChain(entries, caseId)).toEqual({ valid: true, checked: PER_CASE });
      // Within one service (one topic, keyed by case) the ledger keeps the order it was sent in.
      for (const service of SERVICES) {
        const sentOrder = sent.filter((s) => s.event.subject === caseId && s.event.source.endsWith(service));
        expect(entries.filter((e) => e.service === service).map((e) => e.id)).toEqual(
          sentOrder.map((s) => s.event.id),
        );
      }
    }
    const tree = new LedgerTree(second.readModels);
    expect(await tree.sync()).toBe(sent.length);
    const rootBefore = tree.log.root();

    // Every message again: published a second time, and read from the start by a new group whose
    // dedupe memory is empty, so only the ledger's own check stands between them and a duplicate.
    const outcomes = new Map<string, AppendOutcome>();
    second.running.push(
      await project(second.ctx, {
        name: `redeliver-${run}`,
        topics: TOPICS,
        apply: async (event, readModels) => {
          outcomes.set(event.id, await appendToLedger(readModels, event, second.ctx.clock.now()));
        },
      }),
    );
    await publishAll(second.bus, sent);
    // Then one new event per case and service, after the copies on every partition they use.
    const markers = history().slice(0, CASES.length * SERVICES.length);
    await publishAll(second.bus, markers);
    await until('the new group to have read every original message', async () =>
      sent.every((s) => outcomes.has(s.event.id)),
    );
    const ledger = second.readModels.collection<LedgerDoc>(LEDGER_COLLECTION);
    await until('the markers ledgered', async () => {
      for (const m of markers) if (!(await ledger.get(m.event.id))) return false;
      return true;
    });

    expect([...new Set(sent.map((s) => outcomes.get(s.event.id)))]).toEqual(['duplicate']);
    const after = await allEntries(second.readModels);
    expect(after).toHaveLength(sent.length + markers.length);
    expect(new Set(after.map((e) => e.id)).size).toBe(after.length);
    expect(after.map((e) => e.position)).toEqual(after.map((_, i) => i + 1));
    const same = (e: LedgerDoc) => [e.id, e.position, e.sequence, e.prevHash, e.hash];
    expect(after.slice(0, sent.length).map(same)).toEqual(before.map(same));

    // The tree grew only at the end: the new head is consistent with the head before.
    const grown = new LedgerTree(second.readModels);
    expect(await grown.sync()).toBe(after.length);
    expect(toHex(grown.log.root(sent.length))).toBe(toHex(rootBefore));
    expect(
      verifyConsistency({
        oldSize: sent.length,
        newSize: after.length,
        oldRoot: rootBefore,
        newRoot: grown.log.root(),
        proof: grown.log.consistencyProof(sent.length),
      }),
    ).toBe(true);
  });
});
