import {
  type AllStreamSubscription,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  type Position,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  fromEsdbCurrentRevision,
  isSystemEvent,
  toEsdbExpectedRevision,
  toPortPosition,
  toReadPosition,
  toRecordedEvent,
  toSubscriptionFilter,
} from './esdb-mapping.ts';
import { isInHandlerOf, runInHandlerScope } from './handler-scope.ts';
import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionFilter,
  WrongExpectedRevisionError,
} from './port.ts';
import { matchesNothing, matchesStreamFilter } from './stream-filter.ts';
import { assertAppendable } from './validate-append.ts';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Events fetched per readAll request while paging through $all. */
const READ_ALL_PAGE = 512;

/**
 * The EventStore port over EventStoreDB (gRPC, @eventstore/db-client v6).
 *
 * - Positions are $all commit positions (see esdb-mapping.ts): strictly increasing, not gap-free.
 * - System streams and event types ($-prefixed) never appear in readAll or subscriptions.
 * - A retried append with the same event ids and the same expected revision is made idempotent
 *   by the server.
 * - A subscription that loses its connection reports it through onError and stops; resuming
 *   from the last handled position is the caller's job (the relay keeps a checkpoint).
 */
export class EsdbEventStore implements EventStore {
  readonly #client: EventStoreDBClient;
  readonly #subscriptions = new Set<EsdbSubscription>();
  #closed = false;

  constructor(client: EventStoreDBClient) {
    this.#client = client;
  }

  /** `esdb://host:2113?tls=false` (or any connection string the client accepts). */
  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamId, events, expected);
    const payload = events.map((e) =>
      jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata }),
    );
    let next: bigint;
    let written: Position | undefined;
    try {
      const result = await this.#client.appendToStream(streamId, payload, {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
      // Only reached with throwOnAppendFailure=false in the connection string.
      if (!result.success) {
        throw new WrongExpectedRevisionError(streamId, expected, Number(result.nextExpectedRevision));
      }
      next = result.nextExpectedRevision;
      written = result.position;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(
          streamId,
          expected,
          fromEsdbCurrentRevision(error.actualVersion),
        );
      }
      throw error;
    }
    // One event is one log record, so the write's position is that event's: no second round trip.
    // The response describes a write of several events as a whole, not its last event, and an
    // idempotent retry may carry no position (or -1): those are read back.
    if (events.length === 1 && written !== undefined && written.commit < MAX_SAFE) {
      return { nextRevision: Number(next), position: toPortPosition(written) };
    }
    return { nextRevision: Number(next), position: await this.#positionOf(streamId, next) };
  }

  /** The $all position of one event, read back from its stream. */
  async #positionOf(streamId: string, revision: bigint): Promise<number> {
    const [event] = await this.#readStreamEvents(streamId, revision, 1);
    if (!event)
      throw new Error(`stream ${streamId}: revision ${revision} not readable right after its append`);
    return event.position;
  }

  async readStream(streamId: string, options: { fromRevision?: number } = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    return this.#readStreamEvents(streamId, from > 0 ? BigInt(Math.trunc(from)) : 0n);
  }

  async #readStreamEvents(streamId: string, from: bigint, maxCount?: number): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      const read = this.#client.readStream(streamId, {
        fromRevision: from === 0n ? START : from,
        direction: FORWARDS,
        ...(maxCount === undefined ? {} : { maxCount }),
      });
      for await (const resolved of read) {
        if (resolved.event) out.push(toRecordedEvent(resolved.event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async readAll(
    options: { fromPosition?: number; maxCount?: number; filter?: SubscriptionFilter } = {},
  ): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (max <= 0 || matchesNothing(options.filter)) return [];
    // The client's readAll (6.2.1, its latest release) takes no filter, unlike subscribeToAll, so
    // system events and other streams are dropped here, page by page, until maxCount events pass.
    const out: RecordedEvent[] = [];
    let afterCommit = BigInt(Math.max(-1, Math.trunc(options.fromPosition ?? -1)));
    let cursor = toReadPosition(options.fromPosition);
    for (;;) {
      let seen = 0;
      for await (const resolved of this.#client.readAll({
        fromPosition: cursor,
        maxCount: READ_ALL_PAGE,
        direction: FORWARDS,
      })) {
        seen++;
        const event = resolved.event;
        if (!event) continue;
        cursor = event.position;
        // The start of a read is inclusive: skip what was already seen.
        if (event.position.commit <= afterCommit) continue;
        afterCommit = event.position.commit;
        if (isSystemEvent(event) || !matchesStreamFilter(event.streamId, options.filter)) continue;
        if (out.length < max) out.push(toRecordedEvent(event));
      }
      if (out.length >= max || seen < READ_ALL_PAGE) return out;
    }
  }

  subscribe(options: SubscribeOptions): Subscription {
    if (this.#closed) throw new Error('EsdbEventStore: subscribe after close');
    const sub = new EsdbSubscription(this.#client, options);
    this.#subscriptions.add(sub);
    void sub.finished.then(() => this.#subscriptions.delete(sub));
    return sub;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((s) => s.stop()));
    await this.#client.dispose();
  }
}

const STOPPED = Symbol('stopped');
const CHECKPOINT = Symbol('checkpoint');

class HandlerFailure {
  constructor(readonly cause: unknown) {}
}

/**
 * A catch-up subscription to $all. Events are pulled one at a time and the next is not pulled
 * until the handler resolved; stop() races the pending pull, so it never waits on the network.
 */
class EsdbSubscription implements Subscription {
  readonly finished: Promise<void>;
  readonly #abort = new AbortController();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeOptions,
  ) {
    this.finished = this.#run();
  }

  async #run(): Promise<void> {
    await Promise.resolve();
    const { filter, onEvent, fromPosition } = this.options;
    const stopped = new Promise<typeof STOPPED>((resolve) => {
      if (this.#abort.signal.aborted) resolve(STOPPED);
      this.#abort.signal.addEventListener('abort', () => resolve(STOPPED), { once: true });
    });
    if (matchesNothing(filter) || this.#abort.signal.aborted) return;
    let subscription: AllStreamSubscription | undefined;
    const { onCheckpoint } = this.options;
    // A server checkpoint arrives as the client reads ahead: events before it may still sit in
    // the stream's buffer. Only this loop passes it on, once none can: when it waits on an empty
    // buffer with no event in hand, or when the next event lies beyond it.
    let pending: number | undefined;
    let wake: (() => void) | undefined;
    const report = async () => {
      const position = pending;
      pending = undefined;
      if (position !== undefined && onCheckpoint) await onCheckpoint(position);
    };
    const checkpointReached = (_: AllStreamSubscription, position: Position) => {
      pending = Math.max(pending ?? 0, toPortPosition(position));
      wake?.();
    };
    try {
      subscription = this.client.subscribeToAll({
        fromPosition: toReadPosition(fromPosition),
        filter: toSubscriptionFilter(filter, onCheckpoint ? checkpointReached : undefined),
      });
      const sub = subscription;
      const iterator = sub[Symbol.asyncIterator]();
      const after = BigInt(Math.max(-1, Math.trunc(fromPosition ?? -1)));
      while (!this.#abort.signal.aborted) {
        const pull = iterator.next();
        // A pull abandoned by stop() may still reject when the stream is torn down.
        let settled = false;
        pull.then(
          () => {
            settled = true;
          },
          () => {},
        );
        let next: Awaited<typeof pull> | typeof STOPPED | typeof CHECKPOINT;
        for (;;) {
          const checkpoint = new Promise<typeof CHECKPOINT>((resolve) => {
            wake = () => resolve(CHECKPOINT);
            if (pending !== undefined) wake();
          });
          next = await Promise.race([pull, stopped, checkpoint]);
          wake = undefined;
          if (next !== CHECKPOINT) break;
          if (!settled && sub.readableLength === 0) await report();
          else await Promise.race([pull.then(() => {}), stopped]);
        }
        if (next === STOPPED || next.done) return;
        const event = next.value.event;
        // The server starts after the position already; this guards against a repeat of it.
        if (!event || event.position.commit <= after) continue;
        if (pending !== undefined && toPortPosition(event.position) > pending) await report();
        if (isSystemEvent(event) || !matchesStreamFilter(event.streamId, filter)) continue;
        const recorded = toRecordedEvent(event);
        try {
          await runInHandlerScope(this, () => onEvent(recorded));
        } catch (error) {
          throw new HandlerFailure(error);
        }
      }
    } catch (caught) {
      const handlerFailed = caught instanceof HandlerFailure;
      // A stream torn down by stop() is not a failure; a handler that threw always is.
      if (this.#abort.signal.aborted && !handlerFailed) return;
      const error = handlerFailed ? caught.cause : caught;
      this.#abort.abort();
      if (this.options.onError) this.options.onError(error);
      // Without onError, a dead subscription must not pass unnoticed.
      else void Promise.reject(error);
    } finally {
      if (subscription) {
        await subscription.unsubscribe().catch(() => {});
        subscription.destroy();
      }
    }
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    if (isInHandlerOf(this)) return;
    await this.finished;
  }
}
