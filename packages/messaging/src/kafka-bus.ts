// The Bus on Kafka (kafkajs). Publishing uses an idempotent producer with acks from all in-sync
// replicas; each subscription is one consumer in its group that commits a message's offset only
// after the handler resolved. A rejected handler seeks its partition back to that message, so the
// same message comes again and nothing after it on the partition is delivered first.
//
// Dead letters are read by a consumer of a throwaway group that never commits, from the earliest
// retained offset up to the end each partition had when the read began; what was done with them
// is a marker on DLQ_RESOLUTIONS_TOPIC (dead-letters.ts), so a redrive resumes after a crash.
import { randomUUID } from 'node:crypto';
import { dlqOf } from '@landcase/contracts';
import {
  type Admin,
  type Consumer,
  type EachMessagePayload,
  Kafka,
  type KafkaMessage,
  type LogEntry,
  logLevel,
  Partitioners,
  type Producer,
} from 'kafkajs';
import pino, { type Logger } from 'pino';
import {
  DeadLetterQueue,
  type DeadLetterRecord,
  DLQ_RESOLUTIONS_TOPIC,
  isDlqTopic,
  type Resolution,
} from './dead-letters.ts';
import { HEALTHY, type HealthReport, worstOf } from './health.ts';
import {
  toBusMessage,
  toKafkaMessage,
  toStructuredKafkaMessage,
  transportHeadersOf,
} from './kafka-binding.ts';
import type { Bus, BusMessage, BusSubscription, GroupLag, PartitionLag, SubscribeOptions } from './port.ts';
import { sleep } from './sleep.ts';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  /** Partitions of the topics this bus creates. Default 3. */
  partitions?: number;
  /** Replication factor of the topics this bus creates. Default 1 (a single broker). */
  replicationFactor?: number;
  /** Consumer session timeout; the broker accepts 6000 ms and up by default. Default 30000. */
  sessionTimeoutMs?: number;
  /** Consumer heartbeat interval (well under the session timeout). Default 3000. */
  heartbeatIntervalMs?: number;
  /** How long a fetch waits for new records; bounds how long stop() waits. Default 1000. */
  maxWaitTimeMs?: number;
  /** Pause before redelivering a message whose handler rejected. Default 500. */
  redeliveryDelayMs?: number;
  /** How long subscribe() waits for the consumer to join its group. Default 60000. */
  joinTimeoutMs?: number;
  /** Redrives a dead letter may have had before only a discard is left. Default 5. */
  maxRedrives?: number;
  /**
   * How long a consumer that kafkajs is restarting after a crash may take to rejoin its group
   * before its health turns from degraded to failing. Default 60000.
   */
  crashRecoveryMs?: number;
  /** Milliseconds since the epoch, for the crash recovery window; tests inject one. */
  now?: () => number;
}

const PINO_LEVEL: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs through pino, quietened to warnings and errors. */
const pinoLogCreator =
  (logger: Logger) =>
  () =>
  ({ namespace, level, log }: LogEntry): void => {
    const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
    if (level === logLevel.NOTHING) return;
    // Connection logs every error response from the broker, including the expected ones (a topic
    // that already exists, metadata for a topic still being created); whoever sent the request
    // retries or raises it, so these are detail, not warnings.
    const expected = namespace === 'Connection' && message.startsWith('Response ');
    logger[expected ? 'debug' : (PINO_LEVEL[level] ?? 'warn')]({ namespace, ...fields }, message);
  };

const TOPIC_NOT_READY = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/** Waits until every partition of `topic` has a leader (up to about ten seconds). */
async function waitForLeaders(admin: Admin, topic: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics[0]?.partitions ?? [];
      if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return;
    } catch (error) {
      if (!TOPIC_NOT_READY.has((error as { type?: string }).type ?? '')) throw error;
    }
    if (attempt >= 100) throw new Error(`KafkaBus: topic ${topic} has no leader for every partition yet`);
    await sleep(100);
  }
}

/**
 * A topic's offsets. A topic created a moment ago (a DLQ the consumer just forwarded to) may still
 * answer "not the leader" while its leader is elected: a retriable error, waited out.
 */
async function offsetsOf(admin: Admin, topic: string): ReturnType<Admin['fetchTopicOffsets']> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= 50) throw error;
      await sleep(100);
    }
  }
}

const isDlq = isDlqTopic;

/**
 * One partition's lag from the group's committed offset as `admin.fetchOffsets` gives it (`-1`
 * before the first commit) and the partition's offsets as `admin.fetchTopicOffsets` gives them
 * (`high` is the offset the next record gets). Without a commit, a group that reads from the
 * beginning has everything retained (high − low) still to read, one that starts at the end nothing.
 */
export function partitionLagOf(
  offset: string,
  offsets: { high: string; low: string } | undefined,
  fromBeginning: boolean,
): { committed: number | null; end: number; lag: number } {
  const end = Number(offsets?.high ?? 0);
  const committed = Number(offset) >= 0 ? Number(offset) : null;
  const unread = fromBeginning ? end - Number(offsets?.low ?? 0) : 0;
  return { committed, end, lag: Math.max(0, committed === null ? unread : end - committed) };
}

type BusConfig = Required<Omit<KafkaBusOptions, 'logger' | 'maxRedrives' | 'now'>>;

interface ReadRecord {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

function resolutionOf(message: KafkaMessage): Resolution | null {
  try {
    const value = JSON.parse(message.value?.toString() ?? '') as Partial<Resolution>;
    const ok =
      typeof value.id === 'string' &&
      (value.action === 'redriven' || value.action === 'discarded') &&
      typeof value.at === 'string' &&
      typeof value.by === 'string';
    return ok ? (value as Resolution) : null;
  } catch {
    return null;
  }
}

function deadLetterRecordOf({ topic, partition, message }: ReadRecord): DeadLetterRecord {
  const base = {
    dlqTopic: topic,
    partition,
    offset: message.offset,
    timestamp: Number(message.timestamp),
    headers: transportHeadersOf(message),
  };
  try {
    const bus = toBusMessage(message);
    // A structured letter's failure is in the event too: its headers, where lost, come from there.
    return { ...base, key: bus.key, event: bus.event, headers: bus.headers ?? base.headers };
  } catch {
    // An undecodable record the bus forwarded: shown as it is, never redriven.
    return {
      ...base,
      key: message.key?.toString() ?? '',
      event: null,
      raw: message.value?.toString() ?? '',
    };
  }
}

/** What ConsumerHealth needs of a kafkajs consumer: its instrumentation events. */
export type HealthWatchedConsumer = Pick<Consumer, 'on' | 'events'>;

/**
 * Whether one consumer is consuming, from kafkajs' instrumentation events. A CRASH with
 * `restart: true` is degraded while kafkajs restarts the consumer, and failing once it has not
 * rejoined its group within `recoveryMs`; with `restart: false` kafkajs has stopped the consumer
 * for good (a non-retriable error, or retries exhausted), so it is failing until the process restarts.
 */
export class ConsumerHealth {
  #crash: { message: string; restart: boolean; at: number } | undefined;
  readonly #removers: Array<() => void>;

  constructor(
    consumer: HealthWatchedConsumer,
    private readonly groupId: string,
    private readonly log: Logger,
    private readonly recoveryMs: number,
    private readonly now: () => number,
  ) {
    const { events } = consumer;
    this.#removers = [
      consumer.on(events.CRASH, ({ payload }) => {
        this.log.error(
          { err: payload.error, groupId: payload.groupId, restart: payload.restart },
          payload.restart
            ? 'consumer crashed; kafkajs restarts it'
            : 'consumer crashed; kafkajs gave up on it',
        );
        this.#crash = {
          message: payload.error?.message ?? String(payload.error),
          restart: payload.restart,
          // Repeated crashes while restarting do not reset the recovery window.
          at: this.#crash?.restart && payload.restart ? this.#crash.at : this.now(),
        };
      }),
      consumer.on(events.GROUP_JOIN, () => {
        // A fatal crash stays: kafkajs does not run that consumer again.
        if (!this.#crash?.restart) return;
        this.log.info({ groupId: this.groupId }, 'consumer rejoined its group after a crash');
        this.#crash = undefined;
      }),
    ];
  }

  health(): HealthReport {
    const crash = this.#crash;
    if (!crash) return HEALTHY;
    if (!crash.restart) {
      return {
        status: 'failing',
        reason: `consumer ${this.groupId} crashed and was not restarted: ${crash.message}`,
      };
    }
    const waited = this.now() - crash.at;
    if (waited >= this.recoveryMs) {
      return {
        status: 'failing',
        reason: `consumer ${this.groupId} crashed and has not rejoined its group in ${Math.round(waited / 1000)} s: ${crash.message}`,
      };
    }
    return {
      status: 'degraded',
      reason: `consumer ${this.groupId} crashed and is restarting: ${crash.message}`,
    };
  }

  /** Stops listening. */
  dispose(): void {
    for (const remove of this.#removers.splice(0)) remove();
  }
}

export class KafkaBus implements Bus {
  readonly #kafka: Kafka;
  readonly #log: Logger;
  readonly #options: BusConfig;
  readonly #now: () => number;
  readonly deadLetters: DeadLetterQueue;
  readonly #known = new Map<string, Promise<void>>();
  readonly #subscriptions = new Set<KafkaSubscription>();
  /** Every group this bus subscribed, kept after it stops, for its lag. */
  readonly #groups = new Map<string, { topics: Set<string>; fromBeginning: boolean }>();
  #producer: Promise<Producer> | undefined;
  #admin: Promise<Admin> | undefined;
  #closed = false;

  constructor(options: KafkaBusOptions) {
    this.#log = (options.logger ?? pino({ level: 'silent' })).child({ component: 'kafka-bus' });
    this.#options = {
      brokers: options.brokers,
      clientId: options.clientId,
      partitions: options.partitions ?? 3,
      replicationFactor: options.replicationFactor ?? 1,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 3_000,
      maxWaitTimeMs: options.maxWaitTimeMs ?? 1_000,
      redeliveryDelayMs: options.redeliveryDelayMs ?? 500,
      joinTimeoutMs: options.joinTimeoutMs ?? 60_000,
      crashRecoveryMs: options.crashRecoveryMs ?? 60_000,
    };
    this.#now = options.now ?? Date.now;
    this.#kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: pinoLogCreator(this.#log),
    });
    this.deadLetters = new DeadLetterQueue(
      {
        readDeadLetters: async () => {
          const topics = (await (await this.#connectedAdmin()).listTopics()).filter(isDlq);
          return (await this.#readTopics(topics)).map(deadLetterRecordOf);
        },
        readResolutions: async () => {
          const topics = await (await this.#connectedAdmin()).listTopics();
          if (!topics.includes(DLQ_RESOLUTIONS_TOPIC)) return [];
          const records = await this.#readTopics([DLQ_RESOLUTIONS_TOPIC]);
          return records.flatMap((r) => resolutionOf(r.message) ?? []);
        },
        writeResolution: async (resolution) => {
          this.#assertOpen();
          // Not ensureTopics: a marker topic has no DLQ of its own.
          await this.#ensureTopic(DLQ_RESOLUTIONS_TOPIC);
          const producer = await this.#connectedProducer();
          await producer.send({
            topic: DLQ_RESOLUTIONS_TOPIC,
            acks: -1,
            messages: [{ key: resolution.id, value: JSON.stringify(resolution) }],
          });
        },
        publish: (topic, messages) => this.publish(topic, messages),
      },
      options.maxRedrives,
    );
  }

  /**
   * Every record of `topics` from the earliest retained offset up to the end each partition had
   * when the read began, in a throwaway group that commits nothing.
   */
  async #readTopics(topics: string[]): Promise<ReadRecord[]> {
    this.#assertOpen();
    const admin = await this.#connectedAdmin();
    const last = new Map<string, bigint>();
    for (const topic of topics) {
      for (const p of await offsetsOf(admin, topic)) {
        if (BigInt(p.high) > BigInt(p.low)) last.set(`${topic}:${p.partition}`, BigInt(p.high) - 1n);
      }
    }
    if (last.size === 0) return [];
    const groupId = `${this.#options.clientId}.dlq-reader.${randomUUID()}`;
    const consumer = this.#kafka.consumer({
      groupId,
      sessionTimeout: this.#options.sessionTimeoutMs,
      heartbeatInterval: this.#options.heartbeatIntervalMs,
      maxWaitTimeInMs: this.#options.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    const read = new Map<string, ReadRecord>();
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({
        topics: [...new Set([...last.keys()].map((k) => k.slice(0, k.lastIndexOf(':'))))],
        fromBeginning: true,
      });
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(`KafkaBus: reading ${topics.join(', ')} took over ${this.#options.joinTimeoutMs} ms`),
            ),
          this.#options.joinTimeoutMs,
        );
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ topic, partition, message }) => {
              const key = `${topic}:${partition}`;
              const end = last.get(key);
              if (end === undefined || BigInt(message.offset) > end) return;
              read.set(`${key}:${message.offset}`, { topic, partition, message });
              if (BigInt(message.offset) === end) {
                last.delete(key);
                if (last.size === 0) resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return [...read.values()];
  }

  async publish(topic: string, messages: BusMessage[]): Promise<void> {
    this.#assertOpen();
    if (messages.length === 0) return;
    // Dead letters in structured mode (the failure inside the event), the rest in binary mode.
    const records = messages.map(isDlq(topic) ? toStructuredKafkaMessage : toKafkaMessage);
    await this.ensureTopics([topic]);
    const producer = await this.#connectedProducer();
    await producer.send({ topic, acks: -1, messages: records });
  }

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    this.#assertOpen();
    if (options.topics.length === 0) throw new Error('KafkaBus: subscribe needs at least one topic');
    await this.ensureTopics(options.topics);
    const known = this.#groups.get(options.groupId) ?? {
      topics: new Set<string>(),
      fromBeginning: options.fromBeginning ?? false,
    };
    for (const topic of options.topics) known.topics.add(topic);
    this.#groups.set(options.groupId, known);
    const consumer = this.#kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: this.#options.sessionTimeoutMs,
      heartbeatInterval: this.#options.heartbeatIntervalMs,
      rebalanceTimeout: Math.max(this.#options.sessionTimeoutMs, 10_000),
      maxWaitTimeInMs: this.#options.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    const subscription = new KafkaSubscription(
      consumer,
      options,
      this.#options,
      this.#log,
      (topic, records) => this.#forwardUndecodable(topic, records),
      new ConsumerHealth(consumer, options.groupId, this.#log, this.#options.crashRecoveryMs, this.#now),
    );
    this.#subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      this.#subscriptions.delete(subscription);
      await subscription.stop();
      throw error;
    }
    return {
      stop: async () => {
        await subscription.stop();
        this.#subscriptions.delete(subscription);
      },
    };
  }

  /**
   * Each group's committed offsets (`admin.fetchOffsets`) against the partitions' high watermarks
   * (`admin.fetchTopicOffsets`); `active` when the group has members (`admin.describeGroups`). A
   * partition the group has not committed on yet (offset -1) is all unread for a group that starts
   * from the beginning (high − low) and nothing for one that starts at the end.
   */
  async consumerLag(): Promise<GroupLag[]> {
    this.#assertOpen();
    if (this.#groups.size === 0) return [];
    const admin = await this.#connectedAdmin();
    const groups = [...this.#groups];
    const topics = [...new Set(groups.flatMap(([, g]) => [...g.topics]))];
    const ends = new Map(
      await Promise.all(topics.map(async (topic) => [topic, await offsetsOf(admin, topic)] as const)),
    );
    const { groups: described } = await admin.describeGroups(groups.map(([id]) => id));
    return Promise.all(
      groups.map(async ([group, { topics: subscribed, fromBeginning }]): Promise<GroupLag> => {
        const names = [...subscribed].sort();
        const committed = await admin.fetchOffsets({ groupId: group, topics: names });
        const partitions: PartitionLag[] = committed.flatMap(({ topic, partitions: ps }) =>
          ps.map(({ partition, offset }) => ({
            topic,
            partition,
            ...partitionLagOf(
              offset,
              ends.get(topic)?.find((p) => p.partition === partition),
              fromBeginning,
            ),
          })),
        );
        partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
        const members = described.find((d) => d.groupId === group)?.members.length ?? 0;
        return { group, topics: names, active: members > 0, partitions };
      }),
    );
  }

  /** Failing when a consumer crashed for good or has not recovered in time; degraded while it restarts. */
  health(): HealthReport {
    return worstOf([...this.#subscriptions].map((s) => s.health.health()));
  }

  /**
   * Creates the topics that do not exist yet (and each one's `.dlq`), once per topic per bus;
   * topics made elsewhere in the meantime are fine.
   */
  async ensureTopics(topics: string[]): Promise<void> {
    const names = new Set(topics.flatMap((t) => (isDlq(t) ? [t] : [t, dlqOf(t)])));
    await Promise.all([...names].map((topic) => this.#ensureTopic(topic)));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const subscriptions = [...this.#subscriptions];
    this.#subscriptions.clear();
    await Promise.all(subscriptions.map((s) => s.stop()));
    const [producer, admin] = await Promise.all([
      this.#producer?.catch(() => undefined),
      this.#admin?.catch(() => undefined),
    ]);
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('KafkaBus: used after close');
  }

  #ensureTopic(topic: string): Promise<void> {
    let known = this.#known.get(topic);
    if (!known) {
      known = (async () => {
        const admin = await this.#connectedAdmin();
        const { partitions: numPartitions, replicationFactor } = this.#options;
        // kafkajs' own wait for leaders gives up on the UNKNOWN_TOPIC_OR_PARTITION a KRaft broker
        // answers for a moment after creating a topic; waitForLeaders below tolerates it.
        const created = await admin.createTopics({
          waitForLeaders: false,
          topics: [{ topic, numPartitions, replicationFactor }],
        });
        await waitForLeaders(admin, topic);
        if (created) this.#log.info({ topic }, 'created topic');
      })();
      // A failed attempt is not remembered, so the next use tries again.
      known.catch(() => this.#known.delete(topic));
      this.#known.set(topic, known);
    }
    return known;
  }

  #connectedProducer(): Promise<Producer> {
    if (!this.#producer) {
      const producer = this.#kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // The Java client's murmur2 partitioner, so keys land where other Kafka clients put them.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.#producer = producer.connect().then(() => producer);
      this.#producer.catch(() => {
        this.#producer = undefined;
      });
    }
    return this.#producer;
  }

  #connectedAdmin(): Promise<Admin> {
    if (!this.#admin) {
      const admin = this.#kafka.admin();
      this.#admin = admin.connect().then(() => admin);
      this.#admin.catch(() => {
        this.#admin = undefined;
      });
    }
    return this.#admin;
  }

  /** Copies an undecodable record, bytes untouched, to the topic's DLQ with the reason. */
  async #forwardUndecodable(topic: string, payload: EachMessagePayload & { error: Error; groupId: string }) {
    const { message, partition, error, groupId } = payload;
    const target = dlqOf(topic);
    await this.ensureTopics([target]);
    const producer = await this.#connectedProducer();
    await producer.send({
      topic: target,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            dlq_error: error.message,
            dlq_attempts: '0',
            dlq_group: groupId,
            dlq_topic: topic,
            dlq_partition: String(partition),
            dlq_offset: message.offset,
          },
        },
      ],
    });
  }
}

type ForwardUndecodable = (
  topic: string,
  payload: EachMessagePayload & { error: Error; groupId: string },
) => Promise<void>;

class KafkaSubscription {
  readonly #abort = new AbortController();
  #stopping: Promise<void> | undefined;

  constructor(
    private readonly consumer: Consumer,
    private readonly options: SubscribeOptions,
    private readonly config: BusConfig,
    private readonly log: Logger,
    private readonly forwardUndecodable: ForwardUndecodable,
    readonly health: ConsumerHealth,
  ) {}

  async start(): Promise<void> {
    const { consumer, options } = this;
    const { events } = consumer;
    let timer: NodeJS.Timeout | undefined;
    const removers: Array<() => void> = [];
    const joined = new Promise<void>((resolve, reject) => {
      removers.push(consumer.on(events.GROUP_JOIN, () => resolve()));
      timer = setTimeout(
        () =>
          reject(
            new Error(`KafkaBus: group ${options.groupId} not joined within ${this.config.joinTimeoutMs} ms`),
          ),
        this.config.joinTimeoutMs,
      );
    });
    // Awaited only after run(); without this a timeout during connect() would be an unhandled rejection.
    joined.catch(() => undefined);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
      await consumer.run({ autoCommit: false, eachMessage: (payload) => this.#onMessage(payload) });
      await joined;
    } finally {
      clearTimeout(timer);
      for (const remove of removers) remove();
    }
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#abort.abort();
      this.health.dispose();
      await this.consumer.disconnect();
    })();
    return this.#stopping;
  }

  async #onMessage(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message, heartbeat } = payload;
    const { groupId } = this.options;
    // kafkajs heartbeats only between messages; keep the membership alive through a long handler.
    const beat = setInterval(() => {
      heartbeat().catch(() => undefined);
    }, this.config.heartbeatIntervalMs);
    try {
      let bus: BusMessage | undefined;
      try {
        bus = toBusMessage(message);
      } catch (error) {
        this.log.error(
          { err: error, groupId, topic, partition, offset: message.offset },
          'undecodable message',
        );
        await this.forwardUndecodable(topic, { ...payload, error: error as Error, groupId });
      }
      if (bus) await this.options.handle({ ...bus, topic, partition, offset: message.offset });
    } catch (error) {
      this.log.warn(
        { err: error, groupId, topic, partition, offset: message.offset },
        'handler failed; the message will be redelivered',
      );
      await sleep(this.config.redeliveryDelayMs, this.#abort.signal);
      // Not committed: seeking back makes kafkajs drop the rest of this batch and fetch again from here.
      this.consumer.seek({ topic, partition, offset: message.offset });
      return;
    } finally {
      clearInterval(beat);
    }
    await this.consumer.commitOffsets([
      { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
    ]);
  }
}
