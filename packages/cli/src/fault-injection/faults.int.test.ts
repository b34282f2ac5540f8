import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput } from '../commands/capture-output.ts';
import { eventually } from '../happy-path.ts';
import { runCli } from '../program.ts';
import { type Broker, startBroker } from './broker.ts';
import { type Cluster, startCluster } from './cluster.ts';
import {
  type CaseFacts,
  differenceFrom,
  driveCase,
  driveCases,
  logFigures,
  Progress,
  readCase,
  referenceCase,
  settle,
  type Tokens,
  workloadTokens,
} from './workload.ts';

// Faults injected into a running cluster: detection, enforcement, referral and audit, each its own
// process with its own store, on a Kafka broker of these tests' own (broker.ts) and the
// MongoDB-protocol server. Every case is compared with one that ran undisturbed: the events lost
// and the events doubled (more of a kind than the undisturbed case has, or one event id entered
// twice in the ledger) must both be 0. One cluster serves the four tests, in this order, so that
// the processes start once; the broker restart comes last.

const mongo = process.env.LANDCASE_TEST_MONGO;
const CASES = Number(process.env.LANDCASE_FAULT_CASES ?? 200);
if (!Number.isInteger(CASES) || CASES < 10) {
  throw new Error(
    `LANDCASE_FAULT_CASES must be a whole number of 10 or more, got ${process.env.LANDCASE_FAULT_CASES}`,
  );
}
const BROKER_CASES = Math.max(10, Math.round(CASES / 2));
const WRITERS = 100;

const seconds = (since: number) => (performance.now() - since) / 1000;

describe('fault injection on a running cluster', () => {
  let broker: Broker;
  let cluster: Cluster;
  let tokens: Tokens;
  let reference: CaseFacts;
  let scratch: string;
  let poisonFile: string;

  beforeAll(async () => {
    if (!mongo) {
      throw new Error(
        'LANDCASE_TEST_MONGO must point to a running server: run the tests with `pnpm test`, which starts it',
      );
    }
    scratch = mkdtempSync(join(tmpdir(), 'landcase-faults-'));
    poisonFile = join(scratch, 'poisoned-cases');
    writeFileSync(poisonFile, '');
    broker = await startBroker();
    cluster = await startCluster({
      services: ['detection', 'enforcement', 'referral', 'audit'],
      kafka: broker.address,
      mongo,
      env: { referral: { LANDCASE_FAULT_POISON_FILE: poisonFile } },
    });
    tokens = await workloadTokens(cluster.token);
    const caseId = await driveCase(cluster.http, tokens, `undisturbed-${Date.now()}`);
    reference = await referenceCase(cluster.http, tokens, caseId);
  }, 240_000);

  afterAll(async () => {
    await cluster?.stop();
    await broker?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('SIGKILL of the referral and the audit process mid-stream loses no event and doubles no effect', async () => {
    const started = performance.now();
    const filed = new Progress();
    let faults = 0;
    // Killed once a share of the cases is filed, kept down while a tenth more are filed (the
    // reactions and ledger entries pile up on the broker), then started again on its store.
    const killAndRestart = async (service: 'referral' | 'audit', at: number) => {
      await filed.reached(at);
      await cluster.kill(service);
      faults++;
      await filed.reached(at + Math.ceil(CASES / 10));
      await cluster.restart(service);
    };
    const faulted = Promise.all([
      killAndRestart('referral', Math.floor(CASES * 0.2)),
      killAndRestart('audit', Math.floor(CASES * 0.55)),
    ]);
    const caseIds = await driveCases(cluster.http, tokens, {
      count: CASES,
      tag: `kill-${Date.now()}`,
      progress: filed,
    });
    await faulted;
    const settling = performance.now();
    const tally = await settle(cluster.http, tokens, caseIds, reference, { timeoutMs: 180_000 });
    logFigures({
      test: 'kill-9',
      cases: CASES,
      faults,
      lost: tally.lost,
      doubled: tally.doubled,
      seconds: seconds(started),
      settle: seconds(settling),
    });

    expect(faults).toBe(2);
    expect(tally.differing).toEqual({});
    expect(tally.lost).toBe(0);
    expect(tally.doubled).toBe(0);
  }, 600_000);

  it('a poison message goes to the DLQ, the consumer goes on, and a redrive after the fix applies it once', async () => {
    const started = performance.now();
    const tag = `poison-${Date.now()}`;
    // The store of the referral service refuses this case's drafts until the file is emptied.
    const poisoned = await driveCase(cluster.http, tokens, `${tag}-poisoned`, {
      beforeFiling: (caseId) => writeFileSync(poisonFile, `${caseId}\n`),
    });
    const after = await driveCases(cluster.http, tokens, { count: 10, tag, concurrency: 5 });
    const ops = await cluster.token('nrb', ['ops']);
    // `landcase dlq`, run as the command line runs it (its stdout read), against the audit process.
    const dlq = async (...args: string[]) => {
      const { code, out, err } = await captureOutput(() =>
        runCli(['dlq', ...args, '--url', cluster.url('audit'), '--token', ops, '--json']),
      );
      // `redrive` exits 1 when something named could not be done; its answer still says what.
      if (code !== 0 && !(code === 1 && out))
        throw new Error(`landcase dlq ${args.join(' ')}: ${code} ${err}`);
      return JSON.parse(out);
    };
    const letter = await eventually(
      'the poisoned filing on the DLQ',
      async () => {
        const list = await dlq('list', '--error', `refuses case ${poisoned}`);
        return list.items[0];
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(letter).toMatchObject({ status: 'pending', group: 'referral.draft-and-match-on-case-filed' });
    // The cases filed after it were not held up behind it.
    const goneOn = await settle(cluster.http, tokens, after, reference, { timeoutMs: 60_000 });
    expect(goneOn).toEqual({ lost: 0, doubled: 0, differing: {} });
    const meanwhile = await readCase(cluster.http, tokens, poisoned);
    expect(meanwhile.referrals).toEqual([]);

    writeFileSync(poisonFile, '');
    const redriven = await dlq('redrive', letter.id, '--reason', 'store fixed');
    expect(redriven.redriven.map((r: { id: string }) => r.id)).toEqual([letter.id]);
    const once = await settle(cluster.http, tokens, [poisoned], reference, { timeoutMs: 60_000 });
    // A second redrive finds the letter done, and the case is not drafted twice.
    const again = await dlq('redrive', letter.id);
    expect(again.redriven).toEqual([]);
    expect(again.notFound).toEqual([letter.id]);
    const last = differenceFrom(reference, await readCase(cluster.http, tokens, poisoned));
    logFigures({
      test: 'poison-redrive',
      cases: after.length + 1,
      faults: 1,
      lost: once.lost + last.lost,
      doubled: once.doubled + last.doubled,
      seconds: seconds(started),
    });

    expect(once).toEqual({ lost: 0, doubled: 0, differing: {} });
    expect(last).toEqual({ lost: 0, doubled: 0, states: [] });
  }, 300_000);

  it(`${WRITERS} concurrent writers on one case: each write and each reaction to it exactly once`, async () => {
    const started = performance.now();
    const caseId = await driveCase(cluster.http, tokens, `writers-${Date.now()}`);
    let conflicts = 0;
    // Each writer records one interference, its own; a 409 concurrency conflict wrote nothing,
    // so the writer sends it again, as a client reading the problem type would.
    const write = async (writer: number) => {
      for (let attempt = 1; ; attempt++) {
        const res = await cluster.http('POST', `/enforcement/cases/${caseId}/interference`, {
          token: tokens.nrb,
          body: {
            interferer: { name: `Official ${writer}`, position: 'deputy head', organization: 'township' },
            conduct: `writer ${writer}: asked to drop the case`,
            occurredAt: '2026-03-05T10:00:00+08:00',
          },
        });
        if (res.status === 200) return;
        if (res.status === 409 && String(res.body?.type).endsWith('/concurrency-conflict') && attempt < 500) {
          conflicts++;
          // A short random pause, as a well-behaved client takes, so that the retries spread out.
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 10 * attempt)));
          continue;
        }
        throw new Error(`writer ${writer}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, k) => write(k)));

    // What the case must come to: the undisturbed case, plus one interference and one referral
    // to the discipline commission per writer.
    const expected: CaseFacts = {
      ...reference,
      referrals: [...reference.referrals, ...Array(WRITERS).fill('disc:drafted')].sort(),
      events: {
        ...reference.events,
        InterferenceRecorded: WRITERS,
        ReferralDrafted: (reference.events.ReferralDrafted ?? 0) + WRITERS,
      },
    };
    const tally = await settle(cluster.http, tokens, [caseId], expected, { timeoutMs: 120_000 });
    const enforcementCase = (await cluster.http('GET', `/enforcement/cases/${caseId}`, { token: tokens.nrb }))
      .body;
    const conducts = (enforcementCase.interferences as { conduct: string }[]).map((i) => i.conduct).sort();
    logFigures({
      test: 'concurrent-writers',
      cases: 1,
      faults: WRITERS,
      lost: tally.lost,
      doubled: tally.doubled,
      seconds: seconds(started),
      conflicts,
    });

    expect(tally).toEqual({ lost: 0, doubled: 0, differing: {} });
    expect(conducts).toEqual(
      Array.from({ length: WRITERS }, (_, k) => `writer ${k}: asked to drop the case`).sort(),
    );
    expect(
      (enforcementCase.interferences as { interferenceNo: number }[])
        .map((i) => i.interferenceNo)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: WRITERS }, (_, k) => k + 1));
    // 100 writers at once on one stream cannot all win the first append.
    expect(conflicts).toBeGreaterThan(0);
  }, 300_000);

  it('the broker stopped and started again mid-stream loses no event and doubles no effect', async () => {
    const started = performance.now();
    const filed = new Progress();
    const verified = new Progress();
    const concurrency = 12;
    let faults = 0;
    let downSeconds = 0;
    const faulted = (async () => {
      await filed.reached(Math.floor(BROKER_CASES * 0.3));
      // LANDCASE_FAULT_BROKER_KILL=1: a crash (SIGKILL) instead of a stop.
      await (process.env.LANDCASE_FAULT_BROKER_KILL === '1' ? broker.kill() : broker.stop());
      const down = performance.now();
      faults++;
      // Down until every worker holds a verified case that only the broker can open; bounded,
      // since the count is only a way to know the stream is stuck.
      const until = Date.now() + 30_000;
      while (verified.done - filed.done < concurrency && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
      }
      await broker.start();
      downSeconds = seconds(down);
    })();
    const caseIds = await driveCases(cluster.http, tokens, {
      count: BROKER_CASES,
      tag: `broker-${Date.now()}`,
      concurrency,
      progress: filed,
      verified,
    });
    await faulted;
    const settling = performance.now();
    const tally = await settle(cluster.http, tokens, caseIds, reference, { timeoutMs: 180_000 });
    logFigures({
      test: 'broker-restart',
      cases: BROKER_CASES,
      faults,
      lost: tally.lost,
      doubled: tally.doubled,
      seconds: seconds(started),
      settle: seconds(settling),
      down: downSeconds,
    });

    expect(faults).toBe(1);
    expect(tally.differing).toEqual({});
    expect(tally.lost).toBe(0);
    expect(tally.doubled).toBe(0);
  }, 600_000);
});
