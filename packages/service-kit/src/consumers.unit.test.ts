import { setTimeout as sleep } from 'node:timers/promises';
import { type Actor, type CloudEvent, topicOf } from '@landcase/contracts';
import { type NewEvent, SqliteEventStore } from '@landcase/eventstore';
import { type Delivery, InProcessBus } from '@landcase/messaging';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type CommandOptions, executeCommand } from './command.ts';
import { react } from './consumers.ts';
import { createContext, type ServiceContext } from './context.ts';
import { type Interleaving, interleavingStore } from './interleaving-store.ts';
import { fileMachine } from './test-file-machine.ts';

// A reaction and a user write the same stream at the same moment. Only a create that finds its
// stream already there is "done"; any other lost race must end with the reaction's event on the
// stream, or with the message on the DLQ saying why, never with the event silently dropped.

const STREAM = 'audit.file-C3';
const TOPIC = topicOf('referral');
const system: Actor = { sub: 'system', agency: 'nrb', division: '000000', roles: [] };
const silent = pino({ level: 'silent' });

const accepted: CloudEvent = {
  specversion: '1.0',
  id: 'ev-accepted',
  source: '/landcase/referral',
  type: 'landcase.referral.Accepted.v1',
  subject: 'C3',
  time: '2026-03-05T02:00:00.000Z',
  datacontenttype: 'application/json',
  data: { caseId: 'C3' },
  actor: 'psb:zhao',
  division: '141181',
  correlationid: 'corr-3',
  causationid: 'ev-2',
};

const recorded = (id: string, type: string, data: Record<string, unknown>): NewEvent => ({
  id,
  type,
  data,
  metadata: { caseId: 'C3', actor: 'nrb:wang', division: '141181' },
});
const opened = recorded('opened', 'Opened', { caseId: 'C3' });
/** A user's note, written between the reaction's read and its append. */
const userNote = (n: number): NewEvent[] => [
  recorded(`note-${n}`, 'Noted', { caseId: 'C3', text: `service refusal notices sent (${n})` }),
];

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function until<T>(check: () => Promise<T | undefined | null | false>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value) return value;
    await sleep(5);
  }
}

/**
 * A reaction whose handler runs `command` on the file, over a store where `interleaving` writes
 * first; the stream is seeded with `seed`. The consumer tries each message twice.
 */
async function given(
  seed: NewEvent[],
  interleaving: Omit<Interleaving, 'streamId'>,
  command: Omit<CommandOptions<typeof fileMachine>, 'streamId' | 'caseId' | 'machine' | 'actor'>,
) {
  const sqlite = SqliteEventStore.open(':memory:');
  if (seed.length > 0) await sqlite.append(STREAM, seed, 'no_stream');
  const store = interleavingStore(sqlite, { streamId: STREAM, ...interleaving });
  const bus = new InProcessBus();
  const readModels = new InMemoryReadModelStore();
  cleanup.push(
    () => sqlite.close(),
    () => readModels.close(),
    () => bus.close(),
  );
  const ctx: ServiceContext = createContext('audit', { store, bus, readModels }, { log: silent });
  const dead: Delivery[] = [];
  const dlq = await bus.subscribe({
    groupId: 'test.dlq',
    topics: [`${TOPIC}.dlq`],
    fromBeginning: true,
    handle: async (d) => void dead.push(d),
  });
  let calls = 0;
  const reaction = await react(ctx, {
    name: 'confirm-file',
    topics: [TOPIC],
    maxAttempts: 2,
    backoffMs: 1,
    handle: async (event) => {
      calls += 1;
      await executeCommand(ctx, {
        streamId: STREAM,
        caseId: 'C3',
        machine: fileMachine,
        actor: system,
        correlationId: event.correlationid,
        causationId: event.id,
        ...command,
      });
    },
  });
  cleanup.push(
    () => reaction.stop(),
    () => dlq.stop(),
  );
  const deliver = async () => {
    await bus.publish(TOPIC, [{ key: 'C3', event: accepted }]);
    await until(
      async () => (await readModels.seen.has('audit.confirm-file', accepted.id)) || dead.length > 0,
    );
  };
  const types = async () => (await sqlite.readStream(STREAM)).map((e) => e.type);
  return { deliver, dead, calls: () => calls, types, store };
}

const confirmWhileOpen = {
  decide: (snapshot: { value: unknown }) =>
    snapshot.value === 'open' ? [{ type: 'Confirmed', data: { caseId: 'C3' } }] : [],
};

describe('a reaction racing a user on the same stream', () => {
  it('keeps its event: a lost race is decided again, not taken for "already done"', async () => {
    // Given an open file, and a user whose note lands between the reaction's read and its append
    const { deliver, dead, types, store } = await given(
      [opened],
      { times: 1, events: userNote },
      confirmWhileOpen,
    );
    // When the reaction confirms the file
    await deliver();
    // Then both writes are there, the reaction's after the user's, and nothing is dead-lettered
    expect(store.interleaved).toBe(1);
    expect(await types()).toEqual(['Opened', 'Noted', 'Confirmed']);
    expect(dead).toEqual([]);
  });

  it('keeps its event with retry in the command, without a second delivery', async () => {
    const { deliver, calls, types } = await given(
      [opened],
      { times: 3, events: userNote },
      { ...confirmWhileOpen, retry: { sleep: async () => {} } },
    );
    await deliver();
    expect(await types()).toEqual(['Opened', 'Noted', 'Noted', 'Noted', 'Confirmed']);
    expect(calls()).toBe(1);
  });

  it('parks the event on the DLQ with the reason when every attempt loses the race', async () => {
    // Given a user who writes before every append of the reaction
    const { deliver, dead, calls, types } = await given(
      [opened],
      { events: userNote },
      { ...confirmWhileOpen, retry: { attempts: 3, sleep: async () => {} } },
    );
    // When the reaction runs
    await deliver();
    // Then the consumer tried it again, and dead-lettered it saying the stream kept changing
    await until(async () => dead.length === 1);
    expect(calls()).toBe(2);
    expect(dead[0]!.event.id).toBe(accepted.id);
    expect(dead[0]!.headers?.dlq_error).toMatch(/^audit\.file-C3 was changed .*gave up after 3 attempts/);
    expect(await types()).not.toContain('Confirmed');
  });

  it('takes a create that finds its stream already there as done', async () => {
    // Given a file that another writer opens between the reaction's read (no stream) and its append
    const { deliver, dead, calls, types } = await given(
      [],
      { times: 1, events: () => [opened] },
      {
        expected: 'no_stream',
        decide: () => [{ type: 'Opened', data: { caseId: 'C3' } }],
      },
    );
    // When the reaction opens it
    await deliver();
    // Then it is handled once, nothing more is written and nothing is dead-lettered
    expect(calls()).toBe(1);
    expect(await types()).toEqual(['Opened']);
    expect(dead).toEqual([]);
  });
});
