// The bus for the embedded mode and unit tests: every topic is an append-only log in memory and a
// consumer group is an offset per topic, committed only after its handler resolves — the same
// at-least-once promise the Kafka bus keeps, without a broker.
//
// Sharing within a group is "one active member": the first subscriber of a group consumes, later
// subscribers of the same group wait as standbys and take over, from the group's committed
// offsets, when the active one stops (as a Kafka group hands over partitions on a rebalance).
import pino, { type Logger } from 'pino';
import { traceOf } from './cloud-event.ts';
import { DeadLetterQueue, type DeadLetterRecord, isDlqTopic, type Resolution } from './dead-letters.ts';
import type { Bus, BusMessage, BusSubscription, Delivery, GroupLag, SubscribeOptions } from './port.ts';
import { sleep } from './sleep.ts';

export interface InProcessBusOptions {
  logger?: Logger;
  /** Pause before redelivering a message whose handler rejected. Default 100 ms. */
  redeliveryDelayMs?: number;
  /** Redrives a dead letter may have had before only a discard is left. Default 5. */
  maxRedrives?: number;
  /** Milliseconds since the epoch: when a message was published (a dead letter's time, its wait). */
  now?: () => number;
}

interface Entry {
  /** Bus-wide publish order: lets a member reading several topics deliver in publish order. */
  seq: number;
  /** When it was published (epoch ms): a dead letter's time. */
  at: number;
  message: BusMessage;
}

interface Group {
  offsets: Map<string, number>;
  members: Member[];
}

interface Member {
  options: SubscribeOptions;
  abort: AbortController;
  /** Set once the member became active; resolves when its delivery loop has ended. */
  loop?: Promise<void>;
}

export class InProcessBus implements Bus {
  readonly #logs = new Map<string, Entry[]>();
  readonly #groups = new Map<string, Group>();
  readonly #waiters = new Set<() => void>();
  readonly #log: Logger;
  readonly #redeliveryDelayMs: number;
  /** Resolution markers of dead letters; in memory, like the dead letters themselves. */
  readonly #resolutions: Resolution[] = [];
  readonly deadLetters: DeadLetterQueue;
  readonly #now: () => number;
  #seq = 0;
  #closed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.#log = (options.logger ?? pino({ level: 'silent' })).child({ component: 'in-process-bus' });
    this.#redeliveryDelayMs = options.redeliveryDelayMs ?? 100;
    this.#now = options.now ?? Date.now;
    this.deadLetters = new DeadLetterQueue(
      {
        readDeadLetters: async () => this.#deadLetterRecords(),
        readResolutions: async () => structuredClone(this.#resolutions),
        writeResolution: async (resolution) => {
          if (this.#closed) throw new Error('InProcessBus: used after close');
          this.#resolutions.push(structuredClone(resolution));
        },
        publish: (topic, messages) => this.publish(topic, messages),
      },
      options.maxRedrives,
    );
  }

  #deadLetterRecords(): DeadLetterRecord[] {
    return [...this.#logs].flatMap(([topic, entries]) =>
      isDlqTopic(topic)
        ? entries.map((entry, offset) => ({
            dlqTopic: topic,
            partition: 0,
            offset: String(offset),
            timestamp: entry.at,
            key: entry.message.key,
            event: structuredClone(entry.message.event),
            headers: { ...entry.message.headers },
          }))
        : [],
    );
  }

  async publish(topic: string, messages: BusMessage[]): Promise<void> {
    if (this.#closed) throw new Error('InProcessBus: publish after close');
    if (!topic) throw new Error('InProcessBus: topic must not be empty');
    // Copies, as a broker would serialise: later changes by the publisher cannot leak to consumers.
    const entries = messages.map((message) => ({
      seq: ++this.#seq,
      at: this.#now(),
      message: structuredClone(message),
    }));
    this.#logOf(topic).push(...entries);
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }

  async subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    if (this.#closed) throw new Error('InProcessBus: subscribe after close');
    if (options.topics.length === 0) throw new Error('InProcessBus: subscribe needs at least one topic');
    let group = this.#groups.get(options.groupId);
    if (!group) {
      group = { offsets: new Map(), members: [] };
      this.#groups.set(options.groupId, group);
    }
    // A group without a position on a topic starts at the beginning or at the current end; fixing
    // the end now means whatever is published after subscribe() resolves is delivered.
    for (const topic of options.topics) {
      if (!group.offsets.has(topic))
        group.offsets.set(topic, options.fromBeginning ? 0 : this.#logOf(topic).length);
    }
    const member: Member = { options, abort: new AbortController() };
    group.members.push(member);
    if (group.members.length === 1) this.#activate(group, member);
    let stopping: Promise<void> | undefined;
    return { stop: () => (stopping ??= this.#leave(group, member)) };
  }

  /**
   * Each group's handled position against what was published, per topic (one partition, 0): the
   * same figures the Kafka bus reads from committed offsets and high watermarks.
   */
  async consumerLag(): Promise<GroupLag[]> {
    return [...this.#groups].map(([group, { offsets, members }]) => ({
      group,
      topics: [...offsets.keys()].sort(),
      active: members.some((m) => m.loop !== undefined && !m.abort.signal.aborted),
      partitions: [...offsets].map(([topic, committed]) => {
        const log = this.#logOf(topic);
        return {
          topic,
          partition: 0,
          committed,
          end: log.length,
          lag: log.length - committed,
          oldestUnhandledAt: log[committed]?.at ?? null,
        };
      }),
    }));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const groups = [...this.#groups.values()];
    for (const group of groups) {
      for (const member of group.members) member.abort.abort();
    }
    await Promise.all(groups.flatMap((g) => g.members.map((m) => m.loop)));
    this.#groups.clear();
  }

  #logOf(topic: string): Entry[] {
    let log = this.#logs.get(topic);
    if (!log) {
      log = [];
      this.#logs.set(topic, log);
    }
    return log;
  }

  #activate(group: Group, member: Member): void {
    member.loop = this.#deliver(group, member).catch((error) => {
      this.#log.error({ err: error, groupId: member.options.groupId }, 'delivery loop failed');
    });
  }

  async #leave(group: Group, member: Member): Promise<void> {
    member.abort.abort();
    await member.loop;
    const index = group.members.indexOf(member);
    if (index >= 0) group.members.splice(index, 1);
    const next = group.members[0];
    if (index === 0 && next && !next.loop && !this.#closed) this.#activate(group, next);
  }

  /** Resolves on the next publish or when `signal` aborts. */
  #published(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.#waiters.delete(wake);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      this.#waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  /** The oldest undelivered message across the member's topics, or undefined when caught up. */
  #next(group: Group, topics: string[]): { topic: string; offset: number; entry: Entry } | undefined {
    let best: { topic: string; offset: number; entry: Entry } | undefined;
    for (const topic of topics) {
      const offset = group.offsets.get(topic) ?? 0;
      const entry = this.#logOf(topic)[offset];
      if (entry && (!best || entry.seq < best.entry.seq)) best = { topic, offset, entry };
    }
    return best;
  }

  async #deliver(group: Group, member: Member): Promise<void> {
    const { signal } = member.abort;
    const { groupId, topics, handle } = member.options;
    // Deliver asynchronously: subscribe() returns before the first handler call.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (!signal.aborted) {
      const next = this.#next(group, topics);
      if (!next) {
        await this.#published(signal);
        continue;
      }
      const { topic, offset, entry } = next;
      const delivery: Delivery = {
        ...structuredClone(entry.message),
        topic,
        partition: 0,
        offset: String(offset),
      };
      try {
        await handle(delivery);
        group.offsets.set(topic, offset + 1);
      } catch (error) {
        this.#log.warn(
          { err: error, groupId, topic, offset, ...traceOf(entry.message.event) },
          'handler failed; the message will be redelivered',
        );
        await sleep(this.#redeliveryDelayMs, signal);
      }
    }
  }
}
