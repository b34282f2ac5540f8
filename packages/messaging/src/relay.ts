// The relay turns a service's stored events into messages on its topic: a catch-up subscription
// from the stored checkpoint over the service's streams, publishing in global order and moving
// the checkpoint only past events the bus acknowledged. If the process dies between a publish and
// its checkpoint, the next start publishes those events again; consumers drop them by CloudEvent id.
import { type ServiceName, streamPrefixOf, topicOf } from '@landcase/contracts';
import type { EventStore, RecordedEvent, Subscription } from '@landcase/eventstore';
import type { Checkpoints } from '@landcase/readmodels';
import pino, { type Logger } from 'pino';
import { caseIdOf, toCloudEvent } from './cloud-event.ts';
import { HEALTHY, type HealthReport } from './health.ts';
import type { Bus, BusMessage } from './port.ts';
import { backoffDelay, sleep } from './sleep.ts';
import { streamMetrics } from './stream-metrics.ts';

export interface RelayOptions {
  store: EventStore;
  bus: Bus;
  service: ServiceName;
  checkpoints: Checkpoints;
  logger?: Logger;
  /** Where to publish. Default `landcase.<service>.v1`; tests sharing a broker use their own. */
  topic?: string;
  /** Most events published in one call. Default 100. */
  batchSize?: number;
  /** First pause after a failed publish or checkpoint write; doubles per attempt. Default 100 ms. */
  retryBaseMs?: number;
  /** Longest pause between attempts. Default 30 s. */
  retryMaxMs?: number;
}

export interface Relay {
  /** Lets the publish in hand finish (without further retries) and stops reading the store. */
  stop(): Promise<void>;
  /**
   * Failing while its last publish, checkpoint write or store subscription failed and has not yet
   * succeeded on retry (the reason names the error): events pile up unpublished meanwhile.
   */
  health(): HealthReport;
}

const READING_STORE = 'reading the event store';

export const relayCheckpointName = (service: ServiceName): string => `relay:${service}`;

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const relay = new EventRelay(options);
  await relay.start();
  return relay;
}

class EventRelay implements Relay {
  readonly #store: EventStore;
  readonly #bus: Bus;
  readonly #service: ServiceName;
  readonly #checkpoints: Checkpoints;
  readonly #log: Logger;
  readonly #batchSize: number;
  readonly #retryBaseMs: number;
  readonly #retryMaxMs: number;
  readonly #name: string;
  readonly #topic: string;
  readonly #abort = new AbortController();
  /** Read from the store, not yet published. */
  #pending: RecordedEvent[] = [];
  /** When the first event of the batch being published was stored (epoch ms). */
  #inFlightSince: number | null = null;
  /** Publishes run one after another, so checkpoints are written in order. */
  #flushing: Promise<void> = Promise.resolve();
  #flushScheduled = false;
  /** The last position published and checkpointed. */
  #checkpoint: number | undefined;
  #subscription: Subscription | undefined;
  #resubscribing: Promise<void> = Promise.resolve();
  #stopping: Promise<void> | undefined;
  /** The failure the relay is retrying, until the step succeeds. */
  #lastError: { what: string; message: string; attempt: number } | undefined;

  constructor(options: RelayOptions) {
    this.#store = options.store;
    this.#bus = options.bus;
    this.#service = options.service;
    this.#checkpoints = options.checkpoints;
    this.#batchSize = Math.max(1, options.batchSize ?? 100);
    this.#retryBaseMs = options.retryBaseMs ?? 100;
    this.#retryMaxMs = options.retryMaxMs ?? 30_000;
    this.#name = relayCheckpointName(options.service);
    this.#topic = options.topic ?? topicOf(options.service);
    this.#log = (options.logger ?? pino({ level: 'silent' })).child({
      component: 'relay',
      service: this.#service,
    });
  }

  get #stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  health(): HealthReport {
    const error = this.#lastError;
    if (!error) return HEALTHY;
    return {
      status: 'failing',
      reason: `${error.what} failed (attempt ${error.attempt}): ${error.message}`,
    };
  }

  async start(): Promise<void> {
    this.#checkpoint = await this.#checkpoints.get(this.#name);
    if (this.#checkpoint !== undefined)
      streamMetrics.relayMoved(this.#service, { position: this.#checkpoint });
    this.#log.info({ checkpoint: this.#checkpoint ?? null, topic: this.#topic }, 'relay starting');
    this.#subscribe();
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#abort.abort();
      await this.#resubscribing;
      await this.#subscription?.stop();
      await this.#flushing;
      this.#log.info({ checkpoint: this.#checkpoint ?? null }, 'relay stopped');
    })();
    return this.#stopping;
  }

  #subscribe(): void {
    this.#subscription = this.#store.subscribe({
      fromPosition: this.#checkpoint,
      filter: { streamPrefixes: [streamPrefixOf(this.#service)] },
      onEvent: (event) => this.#onEvent(event),
      onError: (error) => this.#onSubscriptionError(error),
    });
  }

  async #onEvent(event: RecordedEvent): Promise<void> {
    if (this.#stopped) return;
    this.#pending.push(event);
    streamMetrics.relayMoved(this.#service, {
      head: event.position,
      pendingSince: this.#inFlightSince ?? Date.parse(this.#pending[0]!.recordedAt),
    });
    // A full batch holds the store back until it is published; a partial one goes out as soon as
    // the store has nothing more to hand over right now.
    if (this.#pending.length >= this.#batchSize) await this.#flush();
    else this.#scheduleFlush();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      void this.#flush();
    });
  }

  #flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#publishPending());
    return this.#flushing;
  }

  /** Never rejects: failures are retried until they succeed or the relay stops. */
  async #publishPending(): Promise<void> {
    while (this.#pending.length > 0 && !this.#stopped) {
      const batch = this.#pending.splice(0, this.#batchSize);
      const messages: BusMessage[] = batch.map((e) => ({
        key: caseIdOf(e),
        event: toCloudEvent(this.#service, e),
      }));
      const last = batch.at(-1)!.position;
      this.#inFlightSince = Date.parse(batch[0]!.recordedAt);
      if (!(await this.#untilDone('publish', last, () => this.#bus.publish(this.#topic, messages)))) return;
      if (!(await this.#untilDone('checkpoint', last, () => this.#checkpoints.set(this.#name, last)))) return;
      this.#checkpoint = last;
      this.#inFlightSince = null;
      const oldest = this.#pending[0];
      streamMetrics.relayMoved(this.#service, {
        position: last,
        pendingSince: oldest ? Date.parse(oldest.recordedAt) : null,
      });
      this.#log.debug({ count: batch.length, checkpoint: last }, 'published');
    }
  }

  /** Runs `step` until it succeeds (true) or the relay stops (false), backing off between tries. */
  async #untilDone(what: string, position: number, step: () => Promise<void>): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await step();
        this.#lastError = undefined;
        return true;
      } catch (error) {
        if (this.#stopped) return false;
        const target = what === 'publish' ? `publish to ${this.#topic}` : what;
        this.#lastError = { what: target, message: messageOf(error), attempt };
        const delayMs = backoffDelay(attempt, this.#retryBaseMs, this.#retryMaxMs);
        this.#log.warn({ err: error, position, attempt, delayMs }, `${what} failed; retrying`);
        await sleep(delayMs, this.#abort.signal);
        if (this.#stopped) return false;
      }
    }
  }

  #onSubscriptionError(error: unknown): void {
    if (this.#stopped) return;
    this.#lastError = { what: READING_STORE, message: messageOf(error), attempt: 1 };
    this.#log.error(
      { err: error, checkpoint: this.#checkpoint ?? null },
      'store subscription failed; resubscribing',
    );
    this.#resubscribing = this.#resubscribing.then(async () => {
      // Whatever was read but not published is read again from the checkpoint.
      await this.#flushing;
      this.#pending = [];
      for (let attempt = 1; !this.#stopped; attempt++) {
        await sleep(backoffDelay(attempt, this.#retryBaseMs, this.#retryMaxMs), this.#abort.signal);
        if (this.#stopped) return;
        try {
          this.#subscribe();
          // A subscription that fails again says so through onError.
          if (this.#lastError?.what === READING_STORE) this.#lastError = undefined;
          return;
        } catch (retryError) {
          this.#log.error({ err: retryError, attempt }, 'resubscribing failed');
          this.#lastError = { what: READING_STORE, message: messageOf(retryError), attempt: attempt + 1 };
        }
      }
    });
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
