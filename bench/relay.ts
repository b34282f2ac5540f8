// The relay from the event store to the bus: N events stored under `detection.`, then one relay
// started from no checkpoint; the figure is the time until its checkpoint reaches the last stored
// position (every event published and acknowledged). Once over the in-process bus, and once over
// Kafka when LANDCASE_TEST_KAFKA names a broker.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
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
  toKafkaMessage,
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

/**
 * The floor under the relay to Kafka: kafkajs alone sending the very records the relay sends (the
 * same stored events turned into the same Kafka messages beforehand, outside the timing), in
 * batches of the relay's size one after another, with the relay's producer settings (idempotent,
 * one request in flight, acks from all in-sync replicas, the Java client's partitioner) to a
 * topic of this run with as many partitions.
 */
async function rawKafkaProduce(
  store: SqliteEventStore,
  brokers: string,
  batchSize: number,
  run: string,
): Promise<Result> {
  const records = (await store.readAll({ maxCount: 1_000_000 })).map((e) =>
    toKafkaMessage({ key: String(e.data.caseId), event: toCloudEvent('detection', e) }),
  );
  const topic = `${run}-raw.${topicOf('detection')}`;
  const kafka = new Kafka({
    clientId: `landcase-${run}-raw`,
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  try {
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await producer.connect();
    // Set-up, not throughput: the connection and the partitions' leaders.
    await producer.send({ topic, acks: -1, messages: records.slice(0, 1) });
    const read = stopwatch();
    for (let i = 0; i < records.length; i += batchSize) {
      await producer.send({ topic, acks: -1, messages: records.slice(i, i + batchSize) });
    }
    const measured = read();
    const bytes = records.reduce((n, r) => n + String(r.value ?? '').length, 0) / records.length;
    return {
      part: PART,
      what: 'raw kafkajs produce, same records',
      count: records.length,
      unit: 'events',
      ...measured,
      note: `batches of ${batchSize} awaited in turn, acks=all, idempotent, 3 partitions, ~${Math.round(bytes)} B of data per record plus its ce_ headers`,
      baselineFor: 'relay SQLite → Kafka',
    };
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
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
      results.push(await rawKafkaProduce(store, kafka, batchSize, run));
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
