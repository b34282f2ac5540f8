// The EventStore port. Every adapter (embedded SQLite, EventStoreDB) keeps the same promises,
// checked by one contract suite (contract-suite.ts).

/** What the caller expects of the stream before appending (optimistic concurrency). */
export type ExpectedRevision =
  | 'any'
  | 'no_stream'
  | 'stream_exists'
  /** the revision of the stream's last event (0-based) */
  | number;

export interface NewEvent {
  /** UUID; becomes the CloudEvent id and the consumers' dedupe key. */
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface RecordedEvent extends NewEvent {
  streamId: string;
  /** 0-based position within the stream. */
  revision: number;
  /**
   * Position in the store's global order. Strictly increasing in append order; for the
   * SQLite adapter also gap-free (1, 2, 3, ...). Resuming "from" a position excludes it.
   */
  position: number;
  /** When the store recorded it, RFC 3339 UTC. */
  recordedAt: string;
}

export interface AppendResult {
  /** The revision of the last event appended. */
  nextRevision: number;
  /** The global position of the last event appended. */
  position: number;
}

export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
  }
}

export interface SubscriptionFilter {
  /** Only events of streams whose id starts with one of these. */
  streamPrefixes?: string[];
}

export interface Subscription {
  /** Stops delivery; resolves when the handler is no longer running. */
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events after this position; undefined = from the start. */
  fromPosition?: number;
  filter?: SubscriptionFilter;
  /** Called with each event in global order; the next is not delivered until it resolves. */
  onEvent(event: RecordedEvent): Promise<void>;
  /**
   * Called now and then between events, when a filter is set, with a position up to which every
   * matching event has been delivered (the filter skipped the rest): a caller that keeps a
   * checkpoint may store it, so a restart does not scan again what its filter left out.
   */
  onCheckpoint?(position: number): Promise<void> | void;
  /**
   * Called if delivery fails for good (handler threw, connection lost); the subscription is then
   * over. Without it, the failure surfaces as an unhandled rejection rather than passing unnoticed.
   */
  onError?(error: unknown): void;
}

/**
 * A stream's state folded up to `revision`, kept beside the stream so a reader may fold only the
 * events after it. It is a cache, never a source of truth: a reader whose machine or rule set is
 * not the one it was folded under ignores it and folds the stream from the start.
 */
export interface StreamSnapshot {
  /** Revision of the stream's last event the state covers (0-based). */
  revision: number;
  /** The version of the fold (machine and view) that produced `state`. */
  machineVersion: string;
  /** The rule set the fold ran under. */
  ruleSetVersion: string;
  /** The folded state, JSON: it is stored as JSON and read back as such. */
  state: unknown;
}

export interface EventStore {
  /**
   * Appends atomically if the stream meets `expected`, else WrongExpectedRevisionError and nothing
   * is written. Retrying the very same append (same event ids, same expected revision) writes
   * nothing and returns the original result. An empty `events` is a RangeError; stream ids and
   * event types starting with `$` are reserved (TypeError).
   */
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in revision order; [] when the stream does not exist. */
  readStream(streamId: string, options?: { fromRevision?: number }): Promise<RecordedEvent[]>;
  /** Events of every stream in global order, after `fromPosition`. */
  readAll(options?: {
    fromPosition?: number;
    maxCount?: number;
    filter?: SubscriptionFilter;
  }): Promise<RecordedEvent[]>;
  /** Catch-up subscription: the stored events after `fromPosition`, then live ones, in global order. */
  subscribe(options: SubscribeOptions): Subscription;
  /**
   * The stream's snapshot, if one was written (optional: an adapter without snapshots leaves both
   * methods out, and callers fold from the start). One snapshot per stream: the latest written.
   */
  readSnapshot?(streamId: string): Promise<StreamSnapshot | undefined>;
  /**
   * Keeps `snapshot` as the stream's, unless the one kept is at a later revision (a slow writer
   * never replaces a newer snapshot). A revision the stream has not reached is a RangeError, as is
   * a state with no JSON form.
   */
  writeSnapshot?(streamId: string, snapshot: StreamSnapshot): Promise<void>;
  close(): Promise<void>;
}
