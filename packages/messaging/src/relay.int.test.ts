// The relay and a consumer over the real broker, with the embedded SQLite store: a relay that dies
// between a publish and its checkpoint publishes that event again when restarted, and the consumer
// still handles every event exactly once.
import type { NewEvent } from '@landcase/eventstore';
import { SqliteEventStore } from '@landcase/eventstore';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import { afterEach, describe, expect, it } from 'vitest';
import { runConsumer } from './consumer.ts';
import type { KafkaBus } from './kafka-bus.ts';
import { testKafkaBus } from './kafka-test-env.ts';
import { startRelay } from './relay.ts';
import { uniqueName, waitUntil } from './test-support.ts';

const CASE = 'LC-330106-20250101-00relay0';

const clueEvent = (n: number): NewEvent => ({
  id: crypto.randomUUID(),
  type: 'ClueReported',
  data: { caseId: CASE, n },
  metadata: {
    caseId: CASE,
    actor: 'nrb:officer-1',
    division: '330106',
    correlationId: 'corr',
    causationId: 'cause',
  },
});

describe('relay over Kafka', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('republishes after dying between publish and checkpoint; the consumer handles each event once', async () => {
    const N = 12;
    const CRASH_AT = 5; // the checkpoint write for the 5th event fails: the relay dies there
    const store = SqliteEventStore.open(':memory:');
    const readModels = new InMemoryReadModelStore();
    const bus: KafkaBus = testKafkaBus();
    cleanup.push(
      () => store.close(),
      () => readModels.close(),
      () => bus.close(),
    );
    const topic = uniqueName('landcase.relay-test');

    const appended: NewEvent[] = Array.from({ length: N }, (_, n) => clueEvent(n));
    for (const event of appended) await store.append(`detection.clue-${CASE}`, [event], 'any');

    // First life: checkpoints that go away at the CRASH_AT-th write.
    let writes = 0;
    let crashed = false;
    const dying = {
      get: (name: string) => readModels.checkpoints.get(name),
      set: async (name: string, position: number) => {
        writes += 1;
        if (writes >= CRASH_AT) {
          crashed = true;
          throw new Error('process killed');
        }
        await readModels.checkpoints.set(name, position);
      },
    };
    const first = await startRelay({
      store,
      bus,
      service: 'detection',
      topic,
      checkpoints: dying,
      batchSize: 1,
      retryBaseMs: 10,
    });
    await waitUntil('the relay to die after a publish', () => crashed, 30_000);
    await first.stop();
    expect(await readModels.checkpoints.get('relay:detection')).toBe(CRASH_AT - 1);

    // Second life, from the stored checkpoint.
    const second = await startRelay({
      store,
      bus,
      service: 'detection',
      topic,
      checkpoints: readModels.checkpoints,
    });
    cleanup.push(() => second.stop());

    const onTopic: string[] = [];
    await bus.subscribe({
      groupId: uniqueName('raw'),
      topics: [topic],
      fromBeginning: true,
      handle: async (d) => void onTopic.push(d.event.id),
    });
    const handled: string[] = [];
    const consumer = await runConsumer({
      bus,
      groupId: uniqueName('projection'),
      topics: [topic],
      seen: readModels.seen,
      handle: async (event) => void handled.push(event.id),
    });
    cleanup.push(() => consumer.stop());

    // One case, so one partition: once the last event is handled, the duplicate before it was too.
    const lastId = appended.at(-1)!.id;
    await waitUntil('the last event handled', () => handled.includes(lastId), 30_000);
    await waitUntil('every record read from the topic', () => onTopic.includes(lastId), 30_000);
    await waitUntil(
      'the checkpoint at the last event',
      async () => (await readModels.checkpoints.get('relay:detection')) === N,
      30_000,
    );

    const duplicated = appended[CRASH_AT - 1]!.id;
    expect(onTopic.filter((id) => id === duplicated)).toHaveLength(2);
    expect(onTopic).toHaveLength(N + 1);
    expect(handled).toEqual(appended.map((e) => e.id));
  });
});
