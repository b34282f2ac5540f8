import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { GROUP_STATUS_CODE } from './consumer-status.ts';
import type { DeadLetterQueue } from './dead-letters.ts';
import type { GroupLagReport } from './lag-monitor.ts';
import type { Delivery } from './port.ts';

// What an operator watches of the streams: how far each relay is behind its store, what each
// consumer group did with its messages, and how many dead letters wait. The relays and consumers
// of a process report here as they run; an app registers the metrics on its own registry
// (`/metrics`) and reads the same figures as JSON (`/ops/streams`). The prom-client metrics are
// created with no registry, like the calendar fallbacks, so that several apps in one process (the
// tests) can each show them. Counts are kept beside the counters too: prom-client reads its
// values back only asynchronously and as label sets, and the JSON wants them per group.

export type ConsumerOutcome = 'handled' | 'retried' | 'dead_lettered' | 'duplicate';

export interface RelayFigures {
  service: string;
  /** The last store position published and checkpointed (null before the first). */
  position: number | null;
  /** The highest position of the service's streams the relay has read from the store. */
  head: number | null;
  /** head − position: 0 when everything read is published. */
  lagEvents: number;
  /** How long the oldest event read and not yet published has waited since it was stored (s). */
  waitSeconds: number;
}

export interface ConsumerFigures {
  group: string;
  topics: string[];
  handled: number;
  retried: number;
  deadLettered: number;
  duplicates: number;
}

export interface ProjectionFigures {
  /** The projection's consumer group, `<service>.<name>`. */
  projection: string;
  /** The producer's store position (`sequence`) of the last event it applied; null without one. */
  position: number | null;
  /** Where that event was read: topic, partition and offset. */
  topic: string;
  partition: number;
  offset: string;
}

export interface StreamFigures {
  relays: RelayFigures[];
  projections: ProjectionFigures[];
  consumers: ConsumerFigures[];
  /** Pending dead letters on the bus; null when the bus keeps none. */
  dlqDepth: number | null;
}

const FIELD: Record<ConsumerOutcome, 'handled' | 'retried' | 'deadLettered' | 'duplicates'> = {
  handled: 'handled',
  retried: 'retried',
  dead_lettered: 'deadLettered',
  duplicate: 'duplicates',
};

export class StreamMetrics {
  readonly relayPosition = new Gauge({
    name: 'landcase_relay_position',
    help: 'The last event store position the relay published and checkpointed, by service',
    labelNames: ['service'] as const,
    registers: [],
  });
  readonly relayLag = new Gauge({
    name: 'landcase_relay_lag_events',
    help: 'Store head (the highest position of the service read by the relay) minus its checkpoint',
    labelNames: ['service'] as const,
    registers: [],
  });
  readonly consumerMessages = new Counter({
    name: 'landcase_consumer_messages_total',
    help: 'Messages a consumer group handled, retried (per failed try), dead-lettered or dropped as duplicates',
    labelNames: ['group', 'topic', 'outcome'] as const,
    registers: [],
  });
  readonly handlerDuration = new Histogram({
    name: 'landcase_consumer_handler_duration_seconds',
    help: "Time of each try of a consumer group's handler, failed ones included",
    labelNames: ['group'] as const,
    registers: [],
  });
  readonly consumerLag = new Gauge({
    name: 'landcase_consumer_lag_messages',
    help: "Messages published to a partition and not yet handled by the group (end − the group's committed offset)",
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [],
  });
  readonly consumerStatus = new Gauge({
    name: 'landcase_consumer_status',
    help: "A consumer group's status judged on its lag window, Burrow's rules: 0 OK, 1 WARN, 2 ERR, 3 STALL, 4 STOP",
    labelNames: ['group'] as const,
    registers: [],
  });
  readonly projectionPosition = new Gauge({
    name: 'landcase_projection_position',
    help: "The producer's store position (CloudEvent sequence) of the last event each projection applied",
    labelNames: ['projection'] as const,
    registers: [],
  });
  readonly #projections = new Map<string, Omit<ProjectionFigures, 'projection'>>();
  readonly #relays = new Map<
    string,
    { position: number | null; head: number | null; pendingSince: number | null }
  >();
  readonly #groups = new Map<string, Omit<ConsumerFigures, 'group' | 'topics'> & { topics: Set<string> }>();

  /**
   * A relay read `position` of its service from the store (head) or published up to it;
   * `pendingSince` is when the oldest event it read and has not published was stored (epoch ms),
   * null once everything read is published.
   */
  relayMoved(
    service: string,
    moved: { head?: number; position?: number; pendingSince?: number | null },
  ): void {
    const relay = this.#relays.get(service) ?? { position: null, head: null, pendingSince: null };
    if (moved.head !== undefined) relay.head = Math.max(relay.head ?? moved.head, moved.head);
    if (moved.position !== undefined) relay.position = moved.position;
    if (moved.pendingSince !== undefined) relay.pendingSince = moved.pendingSince;
    // A restarted relay reads from its checkpoint: the head is never behind it.
    if (relay.position !== null && (relay.head === null || relay.head < relay.position))
      relay.head = relay.position;
    this.#relays.set(service, relay);
    if (relay.position !== null) this.relayPosition.set({ service }, relay.position);
    this.relayLag.set({ service }, lagOf(relay));
  }

  /** The projection `projection` applied the event of `delivery` (and the read model holds it). */
  projectionApplied(
    projection: string,
    delivery: Pick<Delivery, 'event' | 'topic' | 'partition' | 'offset'>,
  ): void {
    const digits = delivery.event.sequence;
    const position = digits !== undefined && /^[0-9]+$/.test(digits) ? Number(digits) : null;
    this.#projections.set(projection, {
      position,
      topic: delivery.topic,
      partition: delivery.partition,
      offset: delivery.offset,
    });
    if (position !== null) this.projectionPosition.set({ projection }, position);
  }

  consumed(group: string, topic: string, outcome: ConsumerOutcome): void {
    this.consumerMessages.inc({ group, topic, outcome });
    const counts = this.#groups.get(group) ?? {
      topics: new Set<string>(),
      handled: 0,
      retried: 0,
      deadLettered: 0,
      duplicates: 0,
    };
    counts.topics.add(topic);
    counts[FIELD[outcome]] += 1;
    this.#groups.set(group, counts);
  }

  /** Starts timing one try of `group`'s handler; call the result when it settles. */
  timeHandler(group: string): () => void {
    return this.handlerDuration.startTimer({ group });
  }

  /** The pending dead letters: a read of every DLQ topic, so only when asked, never per message. */
  async dlqDepth(deadLetters: DeadLetterQueue | undefined): Promise<number | null> {
    return deadLetters ? (await deadLetters.list({ status: 'pending' })).length : null;
  }

  /** Sets the lag and status gauges from a sample of the groups' lag. */
  groupsJudged(groups: readonly GroupLagReport[]): void {
    for (const g of groups) {
      this.consumerStatus.set({ group: g.group }, GROUP_STATUS_CODE[g.status]);
      for (const p of g.partitions)
        this.consumerLag.set({ group: g.group, topic: p.topic, partition: String(p.partition) }, p.lag);
    }
  }

  /** The figures; relay waits as of `now` (epoch ms). */
  async figures(deadLetters: DeadLetterQueue | undefined, now: number = Date.now()): Promise<StreamFigures> {
    const dlqDepth = await this.dlqDepth(deadLetters);
    return {
      relays: [...this.#relays].map(([service, { pendingSince, ...r }]) => ({
        service,
        ...r,
        lagEvents: lagOf(r),
        waitSeconds: pendingSince === null ? 0 : Math.max(0, Math.round((now - pendingSince) / 1000)),
      })),
      projections: [...this.#projections]
        .map(([projection, applied]) => ({ projection, ...applied }))
        .sort((a, b) => a.projection.localeCompare(b.projection)),
      consumers: [...this.#groups].map(([group, { topics, ...counts }]) => ({
        group,
        topics: [...topics].sort(),
        ...counts,
      })),
      dlqDepth,
    };
  }

  /**
   * Registers the metrics on `registry`. The DLQ depth gauge is the registry's own, since it reads
   * that app's bus: prom-client runs its collect on every scrape, and only then.
   */
  register(registry: Registry, deadLetters: () => DeadLetterQueue | undefined): void {
    registry.registerMetric(this.relayPosition);
    registry.registerMetric(this.relayLag);
    registry.registerMetric(this.consumerMessages);
    registry.registerMetric(this.handlerDuration);
    registry.registerMetric(this.consumerLag);
    registry.registerMetric(this.consumerStatus);
    registry.registerMetric(this.projectionPosition);
    const self = this;
    registry.registerMetric(
      new Gauge({
        name: 'landcase_dlq_depth',
        help: 'Dead letters pending (neither redriven nor discarded), read when scraped',
        registers: [],
        async collect() {
          // A DLQ that cannot be read leaves the last depth: the rest of the scrape still answers.
          const depth = await self.dlqDepth(deadLetters()).catch(() => null);
          if (depth !== null) this.set(depth);
        },
      }),
    );
  }
}

const lagOf = (r: { position: number | null; head: number | null }): number =>
  r.head === null ? 0 : r.head - (r.position ?? 0);

/** The process's: every relay and consumer reports to it. */
export const streamMetrics = new StreamMetrics();
