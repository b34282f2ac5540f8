// The relay from the event store to the bus: N events stored under `detection.`, then one relay
// started from no checkpoint; the figure is the time until its checkpoint reaches the last stored
// position (every event published and acknowledged). Once over the in-process bus, and once over
// Kafka when LANDCASE_TEST_KAFKA names a broker.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { topicOf } from '../packages/contracts/src/index.ts';
import { SqliteEventStore } from '../packages/eventstore/src/index.ts';
import {
  type Bus,
  type BusMessage,
  type BusSubscription,
  InProcessBus,
  KafkaBus,
  type SubscribeOptions,
  startRelay,
  toCloudEvent,
} from '../packages/messaging/src/index.ts';
import { type Checkpoints, InMemoryReadModelStore } from '../packages/readmodels/src/index.ts';
import { isMain, printResults, type Result, sampleEvent, stopwatch } from './figures.ts';

export interface RelayBenchOptions {
  events?: number;
  /** Events per stored append while filling the store (one clue stream per append). */
  eventsPerStream?: number;
  relayBatchSize?: number;
  /** Longest one relay run may take before it is reported as far as it got. */
  budgetMs?: number;
  /** `host:port[,host:port]`; default LANDCASE_TEST_KAFKA. */
  kafka?: string | undefined;
}

const PART = 'relay';

/**
 * Publishes to `<prefix><topic>`: the relay's real code and topic scheme, on a topic of this run
 * only, so a broker shared with other work never sees benchmark events on `landcase.*.v1`.
 */
class PrefixedTopicsBus implements Bus {
  constructor(
    readonly inner: Bus,
    readonly prefix: string,
  ) {}
  publish(topic: string, messages: BusMessage[]): Promise<void> {
    return this.inner.publish(this.prefix + topic, messages);
  }
  subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    return this.inner.subscribe({ ...options, topics: options.topics.map((t) => this.prefix + t) });
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Read-model checkpoints that also tell when `target` has been written. */
function watchedCheckpoints(target: number): {
  checkpoints: Checkpoints;
  reached: Promise<void>;
  last(): number;
} {
  const inner = new InMemoryReadModelStore().checkpoints;
  let last = 0;
  let done!: () => void;
  const reached = new Promise<void>((resolve) => {
    done = resolve;
  });
  return {
    checkpoints: {
      get: (name) => inner.get(name),
      async set(name, position) {
        await inner.set(name, position);
        last = position;
        if (position >= target) done();
      },
    },
    reached,
    last: () => last,
  };
}

async function fill(store: SqliteEventStore, events: number, perStream: number): Promise<number> {
  let position = 0;
  for (let stored = 0; stored < events; stored += perStream) {
    const caseId = `LC-141181-20260302-${(stored / perStream).toString(16).padStart(8, '0')}`;
    const batch = Array.from({ length: Math.min(perStream, events - stored) }, () => sampleEvent(caseId));
    ({ position } = await store.append(`detection.clue-${caseId}`, batch, 'no_stream'));
  }
  return position;
}

/** Starts a relay over `bus` from no checkpoint and times it to `lastPosition`. */
async function timeRelay(
  store: SqliteEventStore,
  bus: Bus,
  lastPosition: number,
  batchSize: number,
  budgetMs: number,
): Promise<{ count: number; elapsedMs: number; cpuMs: number }> {
  const watch = watchedCheckpoints(lastPosition);
  let timer: NodeJS.Timeout | undefined;
  const read = stopwatch();
  const relay = await startRelay({
    store,
    bus,
    service: 'detection',
    checkpoints: watch.checkpoints,
    batchSize,
  });
  await Promise.race([
    watch.reached,
    new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs))),
  ]);
  const measured = read();
  clearTimeout(timer);
  await relay.stop();
  return { count: watch.last(), ...measured };
}

export async function benchRelay(options: RelayBenchOptions = {}): Promise<Result[]> {
  const events = options.events ?? 20_000;
  const perStream = options.eventsPerStream ?? 10;
  const batchSize = options.relayBatchSize ?? 100;
  const budgetMs = options.budgetMs ?? 25_000;
  const kafka = 'kafka' in options ? options.kafka : process.env.LANDCASE_TEST_KAFKA;
  const results: Result[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'landcase-bench-'));
  const store = SqliteEventStore.open(path.join(dir, 'events.db'));
  try {
    const last = await fill(store, events, perStream);
    const cases = Math.ceil(events / perStream).toLocaleString('en-US');

    const memory = await timeRelay(store, new InProcessBus(), last, batchSize, budgetMs);
    results.push({
      part: PART,
      what: 'relay SQLite → in-process bus',
      count: memory.count,
      unit: 'events',
      elapsedMs: memory.elapsedMs,
      cpuMs: memory.cpuMs,
      note: `relay batch ${batchSize}, ${cases} cases`,
    });

    if (!kafka) {
      results.push({
        part: PART,
        what: 'relay SQLite → Kafka',
        skipped:
          'LANDCASE_TEST_KAFKA is not set; run `bash infra/with-servers.sh pnpm bench` for this figure',
      });
    } else {
      const run = `bench-${Date.now().toString(36)}`;
      const kafkaBus = new KafkaBus({ brokers: kafka.split(','), clientId: `landcase-${run}` });
      const bus = new PrefixedTopicsBus(kafkaBus, `${run}.`);
      try {
        // Topic creation and the producer's connection are set-up, not throughput: done first.
        const [first] = await store.readAll({ maxCount: 1 });
        const warmUp = { key: String(first!.data.caseId), event: toCloudEvent('detection', first!) };
        await bus.publish(topicOf('detection'), [warmUp]);
        const timed = await timeRelay(store, bus, last, batchSize, budgetMs);
        results.push({
          part: PART,
          what: 'relay SQLite → Kafka',
          count: timed.count,
          unit: 'events',
          elapsedMs: timed.elapsedMs,
          cpuMs: timed.cpuMs,
          note: `relay batch ${batchSize}, acks=all, idempotent producer, 3 partitions, ${cases} case keys, broker ${kafka}`,
        });
      } finally {
        await bus.close();
      }
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

if (isMain(import.meta.url)) {
  console.log('relay (SQLite event store → bus)');
  printResults(await benchRelay());
}
