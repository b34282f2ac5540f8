import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ChangeSignal } from './change-signal.ts';
import { isInHandlerOf, runInHandlerScope } from './handler-scope.ts';
import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  type StreamSnapshot,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionFilter,
  WrongExpectedRevisionError,
} from './port.ts';
import { matchesNothing } from './stream-filter.ts';
import { assertAppendable, expectationHolds } from './validate-append.ts';

export interface SqliteEventStoreOptions {
  /**
   * How often a live subscription looks for events appended by another process writing the same
   * file. Appends through this instance wake subscriptions at once. Default 200 ms.
   */
  pollIntervalMs?: number;
  /** Events read per page while catching up. Default 256. */
  pageSize?: number;
  /** The clock for `recordedAt`. */
  now?: () => Date;
  /** How long a writer waits for another process's write lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * Group commit: appends made within this window share one transaction and one fsync. 0 (the
   * default) groups the appends made in the same turn of the event loop; since a commit blocks
   * the loop, the appends that arrive meanwhile form the next group, so batches grow with load
   * and a lone append waits for nothing.
   */
  groupCommitMs?: number;
  /** A group is committed at once when it holds this many appends. Default 256. */
  maxBatchAppends?: number;
  /** ... or this many events. Default 4096. */
  maxBatchEvents?: number;
}

interface PendingAppend {
  streamId: string;
  rows: { event_id: string; type: string; data: string; metadata: string }[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * Raised when an append carries an event id that is already stored and the append is not a
 * retry of the very same append (see {@link SqliteEventStore.append}).
 */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`stream ${streamId}: event id(s) already stored by a different append: ${eventIds.join(', ')}`);
  }
}

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

const SCHEMA_VERSION = 2;

// `position` is the rowid and is allocated explicitly as MAX(position) + 1 inside the write
// transaction, so the global order is gap-free (1, 2, 3, ...) and commits happen in position
// order: a reader's snapshot is always a complete prefix of the log.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  event_id    TEXT    NOT NULL UNIQUE,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL CHECK (revision >= 0),
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL CHECK (json_valid(data)),
  metadata    TEXT    NOT NULL CHECK (json_valid(metadata)),
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
) STRICT;
`;

// Version 2: one snapshot per stream (a cache beside the events; see StreamSnapshot).
const SNAPSHOTS = `
CREATE TABLE IF NOT EXISTS snapshots (
  stream_id        TEXT    PRIMARY KEY,
  revision         INTEGER NOT NULL CHECK (revision >= 0),
  machine_version  TEXT    NOT NULL,
  rule_set_version TEXT    NOT NULL,
  state            TEXT    NOT NULL CHECK (json_valid(state)),
  written_at       TEXT    NOT NULL
) STRICT;
`;

interface SnapshotRow {
  revision: number;
  machine_version: string;
  rule_set_version: string;
  state: string;
}

const COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    recordedAt: row.recorded_at,
  };
}

/**
 * The embedded event store: one SQLite file (WAL), one row per event.
 *
 * Appends run in an IMMEDIATE transaction (the write lock is taken before the expected revision
 * is read, so two writers, even in two processes, cannot both pass the check). Appends made close
 * together share that transaction and its fsync (group commit, see `groupCommitMs`), each in a
 * savepoint of its own, so each is still checked, written or refused on its own.
 *
 * Re-appending events whose ids are already stored: if every id is stored, in this stream, at
 * consecutive revisions in the same order, with the same type, data and metadata (same JSON), the
 * append is a retry of one that already succeeded; it writes nothing and returns the original
 * result, whatever the expected revision (the original append already passed its check). Any
 * other overlap of ids is a {@link DuplicateEventIdError} and writes nothing.
 */
export class SqliteEventStore implements EventStore {
  readonly #db: Database.Database;
  readonly #signal = new ChangeSignal();
  readonly #subscriptions = new Set<SqliteSubscription>();
  readonly #pollIntervalMs: number;
  readonly #pageSize: number;
  readonly #now: () => Date;
  readonly #stmt;
  readonly #groupCommitMs: number;
  readonly #maxBatchAppends: number;
  readonly #maxBatchEvents: number;
  readonly #writeAppend;
  readonly #writeBatch;
  #pending: PendingAppend[] = [];
  #pendingEvents = 0;
  #flushTimer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  #closed = false;

  private constructor(db: Database.Database, options: SqliteEventStoreOptions) {
    this.#db = db;
    this.#pollIntervalMs = options.pollIntervalMs ?? 200;
    this.#pageSize = options.pageSize ?? 256;
    this.#now = options.now ?? (() => new Date());
    this.#groupCommitMs = Math.max(0, options.groupCommitMs ?? 0);
    this.#maxBatchAppends = Math.max(1, options.maxBatchAppends ?? 256);
    this.#maxBatchEvents = Math.max(1, options.maxBatchEvents ?? 4096);
    // Run alone (`.immediate`) this is a transaction; called inside #writeBatch's, better-sqlite3
    // runs it as a SAVEPOINT and rolls back to it when it throws.
    this.#writeAppend = db.transaction((p: PendingAppend) => this.#writeOne(p));
    this.#writeBatch = db.transaction((batch: PendingAppend[]) =>
      batch.map((p) => {
        try {
          return { ok: true as const, ...this.#writeAppend(p) };
        } catch (error) {
          return { ok: false as const, error };
        }
      }),
    );
    this.#stmt = {
      byId: db.prepare<[string], EventRow>(`SELECT ${COLUMNS} FROM events WHERE event_id = ?`),
      streamRevision: db
        .prepare<[string], number | null>('SELECT MAX(revision) FROM events WHERE stream_id = ?')
        .pluck(),
      head: db.prepare<[], number>('SELECT COALESCE(MAX(position), 0) FROM events').pluck(),
      insert: db.prepare(
        `INSERT INTO events (${COLUMNS}) VALUES (@position, @event_id, @stream_id, @revision, @type, @data, @metadata, @recorded_at)`,
      ),
      readStream: db.prepare<[string, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision`,
      ),
      readSnapshot: db.prepare<[string], SnapshotRow>(
        'SELECT revision, machine_version, rule_set_version, state FROM snapshots WHERE stream_id = ?',
      ),
      // A snapshot at an earlier revision than the one kept changes nothing.
      writeSnapshot: db.prepare(
        `INSERT INTO snapshots (stream_id, revision, machine_version, rule_set_version, state, written_at)
           VALUES (@stream_id, @revision, @machine_version, @rule_set_version, @state, @written_at)
         ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision,
           machine_version = excluded.machine_version, rule_set_version = excluded.rule_set_version,
           state = excluded.state, written_at = excluded.written_at
         WHERE excluded.revision >= snapshots.revision`,
      ),
      readAll: db.prepare<[number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
      ),
      // The prefixes come as one JSON array so a single prepared statement serves any filter.
      readAllFiltered: db.prepare<[number, string, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE position > ?
           AND EXISTS (SELECT 1 FROM json_each(?) p WHERE substr(stream_id, 1, length(p.value)) = p.value)
         ORDER BY position LIMIT ?`,
      ),
    };
  }

  /**
   * Opens (creating if needed, with its directory) the store at `path`, or an in-memory store
   * for `':memory:'`.
   */
  static open(path: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    if (path === '') throw new Error('SqliteEventStore.open: the path is empty');
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    try {
      db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
      db.pragma('journal_mode = WAL');
      // FULL: an acknowledged append survives power loss; the store is the only source of truth.
      db.pragma('synchronous = FULL');
      migrate(db);
      return new SqliteEventStore(db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async readSnapshot(streamId: string): Promise<StreamSnapshot | undefined> {
    if (this.#closed) throw new Error('SqliteEventStore: read after close');
    const row = this.#stmt.readSnapshot.get(streamId);
    if (!row) return undefined;
    return {
      revision: row.revision,
      machineVersion: row.machine_version,
      ruleSetVersion: row.rule_set_version,
      state: JSON.parse(row.state) as unknown,
    };
  }

  async writeSnapshot(streamId: string, snapshot: StreamSnapshot): Promise<void> {
    if (this.#closed) throw new Error('SqliteEventStore: write after close');
    const { revision, machineVersion, ruleSetVersion } = snapshot;
    if (!Number.isSafeInteger(revision) || revision < 0)
      throw new RangeError(`snapshot of ${streamId}: revision ${revision} is not a stream revision`);
    if (typeof machineVersion !== 'string' || typeof ruleSetVersion !== 'string')
      throw new TypeError(`snapshot of ${streamId}: the machine and rule set versions are strings`);
    const state = JSON.stringify(snapshot.state);
    if (state === undefined) throw new RangeError(`snapshot of ${streamId}: the state has no JSON form`);
    const current = this.#stmt.streamRevision.get(streamId) ?? -1;
    if (revision > current)
      throw new RangeError(`snapshot of ${streamId} at revision ${revision}: the stream is at ${current}`);
    this.#stmt.writeSnapshot.run({
      stream_id: streamId,
      revision,
      machine_version: machineVersion,
      rule_set_version: ruleSetVersion,
      state,
      written_at: this.#now().toISOString(),
    });
  }

  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    try {
      assertAppendable(streamId, events, expected);
      if (this.#closed) throw new Error('SqliteEventStore: append after close');
    } catch (error) {
      return Promise.reject(error);
    }
    const rows = events.map((e) => ({
      event_id: e.id,
      type: e.type,
      data: JSON.stringify(e.data),
      metadata: JSON.stringify(e.metadata),
    }));
    return new Promise<AppendResult>((resolve, reject) => {
      this.#pending.push({ streamId, rows, expected, resolve, reject });
      this.#pendingEvents += rows.length;
      if (this.#pending.length >= this.#maxBatchAppends || this.#pendingEvents >= this.#maxBatchEvents) {
        this.#flush();
      } else if (this.#flushTimer === undefined) {
        this.#flushTimer =
          this.#groupCommitMs > 0
            ? setTimeout(() => this.#flush(), this.#groupCommitMs)
            : setImmediate(() => this.#flush());
      }
    });
  }

  /**
   * Writes every pending append in one IMMEDIATE transaction (one fsync), each inside a savepoint
   * of its own: an append that fails its checks rolls back alone and rejects alone, the others
   * commit. Appends are taken in arrival order, so positions follow it.
   */
  #flush(): void {
    if (this.#flushTimer !== undefined) {
      clearTimeout(this.#flushTimer as NodeJS.Timeout);
      clearImmediate(this.#flushTimer as NodeJS.Immediate);
      this.#flushTimer = undefined;
    }
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    this.#pendingEvents = 0;
    let outcomes: ({ ok: true; result: AppendResult; wrote: boolean } | { ok: false; error: unknown })[];
    if (batch.length === 1) {
      // Alone, an append needs no savepoint: its failure rolls back the whole transaction.
      const p = batch[0]!;
      try {
        const { result, wrote } = this.#writeAppend.immediate(p);
        if (wrote) this.#signal.notify();
        p.resolve(result);
      } catch (error) {
        p.reject(error);
      }
      return;
    }
    try {
      outcomes = this.#writeBatch.immediate(batch);
    } catch (error) {
      // The commit itself failed (lock timeout, disk): nothing of the batch was written.
      for (const p of batch) p.reject(error);
      return;
    }
    if (outcomes.some((o) => o.ok && o.wrote)) this.#signal.notify();
    outcomes.forEach((o, i) => {
      const p = batch[i]!;
      if (o.ok) p.resolve(o.result);
      else p.reject(o.error);
    });
  }

  /** One append inside the batch's transaction; throws to roll back its savepoint. */
  #writeOne(p: PendingAppend): { result: AppendResult; wrote: boolean } {
    const { streamId, rows, expected } = p;
    const retried = this.#retriedAppend(streamId, rows);
    if (retried) return { result: retried, wrote: false };
    const current = this.#stmt.streamRevision.get(streamId) ?? -1;
    if (!expectationHolds(expected, current)) {
      throw new WrongExpectedRevisionError(streamId, expected, current);
    }
    const head = this.#stmt.head.get() ?? 0;
    const recordedAt = this.#now().toISOString();
    rows.forEach((row, i) => {
      this.#stmt.insert.run({
        ...row,
        position: head + 1 + i,
        stream_id: streamId,
        revision: current + 1 + i,
        recorded_at: recordedAt,
      });
    });
    return { result: { nextRevision: current + rows.length, position: head + rows.length }, wrote: true };
  }

  /** The original result when `rows` were all stored by one earlier append, else undefined. */
  #retriedAppend(
    streamId: string,
    rows: { event_id: string; type: string; data: string; metadata: string }[],
  ): AppendResult | undefined {
    const stored = rows.map((r) => this.#stmt.byId.get(r.event_id));
    const found = stored.filter((s): s is EventRow => s !== undefined);
    if (found.length === 0) return undefined;
    const first = stored[0];
    const sameAppend =
      found.length === rows.length &&
      first !== undefined &&
      rows.every((r, i) => {
        const s = stored[i];
        return (
          s !== undefined &&
          s.stream_id === streamId &&
          s.revision === first.revision + i &&
          s.type === r.type &&
          s.data === r.data &&
          s.metadata === r.metadata
        );
      });
    if (!sameAppend) {
      throw new DuplicateEventIdError(
        streamId,
        found.map((s) => s.event_id),
      );
    }
    const last = found[found.length - 1]!;
    return { nextRevision: last.revision, position: last.position };
  }

  async readStream(streamId: string, options: { fromRevision?: number } = {}): Promise<RecordedEvent[]> {
    return this.#stmt.readStream.all(streamId, Math.max(0, options.fromRevision ?? 0)).map(toRecorded);
  }

  async readAll(
    options: { fromPosition?: number; maxCount?: number; filter?: SubscriptionFilter } = {},
  ): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? -1; // SQLite: LIMIT -1 = no limit
    if (max === 0 || matchesNothing(options.filter)) return [];
    return this.#readPage(options.fromPosition ?? 0, max, options.filter).map(toRecorded);
  }

  #readPage(after: number, limit: number, filter: SubscriptionFilter | undefined): EventRow[] {
    const prefixes = filter?.streamPrefixes;
    return prefixes === undefined
      ? this.#stmt.readAll.all(after, limit)
      : this.#stmt.readAllFiltered.all(after, JSON.stringify(prefixes), limit);
  }

  /** One page after `after` plus the head position of the same snapshot. */
  #readPageWithHead(
    after: number,
    filter: SubscriptionFilter | undefined,
  ): { events: RecordedEvent[]; head: number; full: boolean } {
    const read = this.#db.transaction(() => {
      const rows = this.#readPage(after, this.#pageSize, filter);
      return { rows, head: this.#stmt.head.get() ?? 0 };
    });
    const { rows, head } = read.deferred();
    return { events: rows.map(toRecorded), head, full: rows.length === this.#pageSize };
  }

  subscribe(options: SubscribeOptions): Subscription {
    if (this.#closed) throw new Error('SqliteEventStore: subscribe after close');
    const sub = new SqliteSubscription(
      (after, filter) => this.#readPageWithHead(after, filter),
      this.#signal,
      this.#pollIntervalMs,
      options,
    );
    this.#subscriptions.add(sub);
    void sub.finished.then(() => this.#subscriptions.delete(sub));
    return sub;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Appends already accepted are written, not dropped.
    this.#flush();
    await Promise.all([...this.#subscriptions].map((s) => s.stop()));
    this.#db.close();
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`event store schema version ${version} is newer than this code (${SCHEMA_VERSION})`);
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    db.exec(SCHEMA);
    db.exec(SNAPSHOTS);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * Catch-up then live: reads pages after the last delivered position; once a page comes back short
 * it has reached the head, and waits for an in-process append signal or the poll interval.
 */
type PageReader = (
  after: number,
  filter: SubscriptionFilter | undefined,
) => { events: RecordedEvent[]; head: number; full: boolean };

class SqliteSubscription implements Subscription {
  readonly finished: Promise<void>;
  readonly #abort = new AbortController();

  constructor(
    private readonly readPage: PageReader,
    private readonly signal: ChangeSignal,
    private readonly pollIntervalMs: number,
    private readonly options: SubscribeOptions,
  ) {
    this.finished = this.#run();
  }

  get #stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  async #run(): Promise<void> {
    // Let subscribe() return before the first handler call.
    await Promise.resolve();
    const { filter, onEvent } = this.options;
    if (matchesNothing(filter)) {
      await new Promise<void>((resolve) => this.#abort.signal.addEventListener('abort', () => resolve()));
      return;
    }
    let after = this.options.fromPosition ?? 0;
    try {
      while (!this.#stopped) {
        const seen = this.signal.version;
        const page = this.readPage(after, filter);
        for (const event of page.events) {
          if (this.#stopped) return;
          await runInHandlerScope(this, () => onEvent(event));
          after = event.position;
        }
        if (page.full) continue;
        // Everything up to the snapshot's head has been seen (the filter skipped the rest).
        if (page.head > after && filter !== undefined && this.options.onCheckpoint) {
          await this.options.onCheckpoint(page.head);
        }
        after = Math.max(after, page.head);
        await this.signal.wait(seen, this.pollIntervalMs, this.#abort.signal);
      }
    } catch (error) {
      this.#abort.abort();
      if (this.options.onError) this.options.onError(error);
      // Without onError, a dead subscription must not pass unnoticed.
      else void Promise.reject(error);
    }
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    if (isInHandlerOf(this)) return;
    await this.finished;
  }
}
