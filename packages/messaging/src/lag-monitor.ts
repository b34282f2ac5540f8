// Samples the consumer groups' lag on a bus at a fixed interval and keeps, per partition, the
// window of samples their status is judged on (consumer-status.ts). The clock is injected, so the
// window is the tests' to move; the interval timer only calls sample().
import pino, { type Logger } from 'pino';
import {
  estimatedWaitMs,
  type GroupStatus,
  groupStatus,
  type LagSample,
  type PartitionStatus,
  partitionStatus,
} from './consumer-status.ts';
import type { Bus, GroupLag } from './port.ts';
import type { StreamMetrics } from './stream-metrics.ts';

export interface LagMonitorOptions {
  /** The bus, or where to find it when it is made after the monitor (undefined: nothing to sample). */
  bus: Bus | (() => Bus | undefined);
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Samples per partition a status is judged on (Burrow's `intervals`). Default 10, at least 2. */
  windowSize?: number;
  /** Where the lag and status gauges are set. */
  metrics?: StreamMetrics;
  logger?: Logger;
}

export interface PartitionLagReport {
  topic: string;
  partition: number;
  committed: number | null;
  end: number;
  lag: number;
  /** How long the oldest unhandled message has waited (s): exact where the bus dates it, else estimated. */
  waitSeconds: number;
  status: PartitionStatus;
  /** The window is full: `status` is a judgement, not the default OK. */
  complete: boolean;
}

export interface GroupLagReport {
  group: string;
  topics: string[];
  active: boolean;
  status: GroupStatus;
  /** The sum of the partitions' lag. */
  lag: number;
  /** The longest wait of its partitions (s). */
  waitSeconds: number;
  /** When the figures were sampled (ISO), null before the first sample. */
  sampledAt: string | null;
  partitions: PartitionLagReport[];
}

interface Tracked {
  samples: LagSample[];
  latest: GroupLag['partitions'][number];
}

export class LagMonitor {
  readonly #bus: () => Bus | undefined;
  readonly #now: () => number;
  readonly #windowSize: number;
  readonly #metrics: StreamMetrics | undefined;
  readonly #log: Logger;
  /** Per group: the last sample's facts and each partition (`<topic>:<partition>`) with its window. */
  readonly #groups = new Map<
    string,
    { topics: string[]; active: boolean; at: number; partitions: Map<string, Tracked> }
  >();
  #timer: NodeJS.Timeout | undefined;
  #sampling: Promise<void> | undefined;

  constructor(options: LagMonitorOptions) {
    const { bus } = options;
    this.#bus = typeof bus === 'function' ? bus : () => bus;
    this.#now = options.now;
    this.#windowSize = Math.max(2, options.windowSize ?? 10);
    this.#metrics = options.metrics;
    this.#log = (options.logger ?? pino({ level: 'silent' })).child({ component: 'lag-monitor' });
  }

  get windowSize(): number {
    return this.#windowSize;
  }

  /** Reads every group's lag once and adds it to the windows; a bus that cannot tell gives nothing. */
  async sample(): Promise<void> {
    const bus = this.#bus();
    if (!bus?.consumerLag) return;
    const groups = await bus.consumerLag();
    const at = this.#now();
    for (const { group, topics, active, partitions } of groups) {
      const tracked = this.#groups.get(group)?.partitions ?? new Map<string, Tracked>();
      this.#groups.set(group, { topics, active, at, partitions: tracked });
      for (const p of partitions) {
        const key = `${p.topic}:${p.partition}`;
        const one = tracked.get(key) ?? { samples: [], latest: p };
        one.latest = p;
        // Before its first commit a group stands where its lag says it does.
        one.samples.push({ at, offset: p.committed ?? p.end - p.lag, lag: p.lag, active });
        if (one.samples.length > this.#windowSize) one.samples.splice(0, 1);
        tracked.set(key, one);
      }
    }
    this.#metrics?.groupsJudged(this.report());
  }

  /** The groups as of the last sample, each partition judged on its window, waits at `now`. */
  report(): GroupLagReport[] {
    const now = this.#now();
    return [...this.#groups]
      .map(([group, { topics, active, at, partitions: tracked }]) => {
        const partitions = [...tracked.values()]
          .map(({ samples, latest }): PartitionLagReport => {
            const { status, complete } = partitionStatus(samples, this.#windowSize);
            const waitMs =
              latest.lag === 0
                ? 0
                : typeof latest.oldestUnhandledAt === 'number'
                  ? Math.max(0, now - latest.oldestUnhandledAt)
                  : estimatedWaitMs(samples, now);
            return {
              topic: latest.topic,
              partition: latest.partition,
              committed: latest.committed,
              end: latest.end,
              lag: latest.lag,
              waitSeconds: Math.round(waitMs / 1000),
              status,
              complete,
            };
          })
          .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
        return {
          group,
          topics,
          active,
          status: groupStatus(partitions.map((p) => p.status)),
          lag: partitions.reduce((sum, p) => sum + p.lag, 0),
          waitSeconds: Math.max(0, ...partitions.map((p) => p.waitSeconds)),
          sampledAt: new Date(at).toISOString(),
          partitions,
        };
      })
      .sort((a, b) => a.group.localeCompare(b.group));
  }

  /** Samples now and every `intervalMs` (a failed sample is logged; the next one tries again). */
  start(intervalMs: number): void {
    if (this.#timer) return;
    const tick = () => {
      this.#sampling ??= this.sample()
        .catch((error) => this.#log.warn({ err: error }, 'could not sample the consumer lag'))
        .finally(() => {
          this.#sampling = undefined;
        });
    };
    tick();
    this.#timer = setInterval(tick, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#sampling;
  }
}
