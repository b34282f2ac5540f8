// The embedded event store (SQLite, WAL, synchronous=FULL) on a temporary file: how many events
// per second it appends, one event per append and ten per append, and how fast a catch-up
// subscription reads them back. Each loop stops at its count or its time budget, whichever first.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  type ExpectedRevision,
  SqliteEventStore,
  type Subscription,
} from '../packages/eventstore/src/index.ts';
import { type Figure, isMain, now, printResults, sampleEvent, stopwatch, storedBytes } from './figures.ts';

export interface EventStoreBenchOptions {
  /** Events per append loop. */
  events?: number;
  streams?: number;
  batchSize?: number;
  /** Longest any one loop runs. */
  budgetMs?: number;
  /** Times each catch-up read is repeated (one alone is over too soon to time well). */
  catchUpRounds?: number;
}

const PART = 'eventstore';

type Measured = { count: number; elapsedMs: number; cpuMs: number };

async function appendLoop(
  store: SqliteEventStore,
  prefix: string,
  { events, streams, batchSize, budgetMs }: Required<EventStoreBenchOptions>,
): Promise<Measured> {
  const revisions = new Map<string, number>();
  const appends = Math.ceil(events / batchSize);
  let count = 0;
  const start = now();
  const read = stopwatch();
  for (let i = 0; i < appends && now() - start < budgetMs; i++) {
    const caseId = `bench-${i % streams}`;
    const streamId = `${prefix}${caseId}`;
    const batch = Array.from({ length: batchSize }, () => sampleEvent(caseId));
    const expected: ExpectedRevision = revisions.get(streamId) ?? 'no_stream';
    const { nextRevision } = await store.append(streamId, batch, expected);
    revisions.set(streamId, nextRevision);
    count += batch.length;
  }
  return { count, ...read() };
}

/**
 * `inFlight` writers, each appending one event at a time to streams of its own (as concurrent
 * commands do): what group commit lets share a transaction.
 */
async function concurrentLoop(
  store: SqliteEventStore,
  prefix: string,
  inFlight: number,
  { events, streams, budgetMs }: Required<EventStoreBenchOptions>,
): Promise<Measured> {
  let count = 0;
  let issued = 0;
  const start = now();
  const read = stopwatch();
  const streamsPerWriter = Math.max(1, Math.floor(streams / inFlight));
  await Promise.all(
    Array.from({ length: inFlight }, async (_, w) => {
      const revisions = new Map<string, number>();
      for (let i = 0; issued < events && now() - start < budgetMs; i++) {
        issued += 1;
        const caseId = `bench-${w}-${i % streamsPerWriter}`;
        const streamId = `${prefix}${caseId}`;
        const expected: ExpectedRevision = revisions.get(streamId) ?? 'no_stream';
        const { nextRevision } = await store.append(streamId, [sampleEvent(caseId)], expected);
        revisions.set(streamId, nextRevision);
        count += 1;
      }
    }),
  );
  return { count, ...read() };
}

/**
 * The floor under the store's append: better-sqlite3 alone on a file with the same durability
 * (WAL, synchronous=FULL), the same table and constraints, the same JSON, `batchSize` rows per
 * transaction; no expected-revision check, no retry check, no promise.
 */
function rawInsertLoop(
  file: string,
  { events, streams, batchSize, budgetMs }: Required<EventStoreBenchOptions>,
): Measured {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE events (
      position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
      revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL CHECK (json_valid(data)),
      metadata TEXT NOT NULL CHECK (json_valid(metadata)), recorded_at TEXT NOT NULL,
      UNIQUE (stream_id, revision)) STRICT`);
    const insert = db.prepare(
      'INSERT INTO events VALUES (@position, @event_id, @stream_id, @revision, @type, @data, @metadata, @recorded_at)',
    );
    const revisions = new Map<string, number>();
    let position = 0;
    const write = db.transaction((streamId: string, batch: ReturnType<typeof sampleEvent>[]) => {
      let revision = revisions.get(streamId) ?? -1;
      const recordedAt = new Date().toISOString();
      for (const e of batch) {
        insert.run({
          position: ++position,
          event_id: e.id,
          stream_id: streamId,
          revision: ++revision,
          type: e.type,
          data: JSON.stringify(e.data),
          metadata: JSON.stringify(e.metadata),
          recorded_at: recordedAt,
        });
      }
      revisions.set(streamId, revision);
    });
    let count = 0;
    const start = now();
    const read = stopwatch();
    for (let i = 0; i < Math.ceil(events / batchSize) && now() - start < budgetMs; i++) {
      const caseId = `bench-${i % streams}`;
      const batch = Array.from({ length: batchSize }, () => sampleEvent(caseId));
      write.immediate(`detection.clue-${caseId}`, batch);
      count += batch.length;
    }
    return { count, ...read() };
  } finally {
    db.close();
  }
}

/** Subscribes from the start and waits until `total` events arrived (or the budget ran out). */
async function catchUp(
  store: SqliteEventStore,
  total: number,
  budgetMs: number,
  streamPrefixes?: string[],
): Promise<Measured> {
  let count = 0;
  let done: { elapsedMs: number; cpuMs: number } | undefined;
  const read = stopwatch();
  let subscription: Subscription | undefined;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, budgetMs);
    subscription = store.subscribe({
      ...(streamPrefixes ? { filter: { streamPrefixes } } : {}),
      onEvent: async () => {
        count += 1;
        if (count === total) {
          done = read();
          clearTimeout(timer);
          resolve();
        }
      },
      onError: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    });
  });
  await subscription?.stop();
  return { count, ...(done ?? read()) };
}

/** Catch-up `rounds` times over (each a new subscription from the start); the totals. */
async function catchUpRounds(
  store: SqliteEventStore,
  total: number,
  { rounds, budgetMs }: { rounds: number; budgetMs: number },
  streamPrefixes?: string[],
): Promise<Measured> {
  const sum: Measured = { count: 0, elapsedMs: 0, cpuMs: 0 };
  for (let i = 0; i < rounds && sum.elapsedMs < budgetMs; i++) {
    const round = await catchUp(store, total, budgetMs - sum.elapsedMs, streamPrefixes);
    sum.count += round.count;
    sum.elapsedMs += round.elapsedMs;
    sum.cpuMs += round.cpuMs;
  }
  return sum;
}

export async function benchEventStore(options: EventStoreBenchOptions = {}): Promise<Figure[]> {
  const o: Required<EventStoreBenchOptions> = {
    events: options.events ?? 10_000,
    streams: options.streams ?? 1000,
    batchSize: options.batchSize ?? 10,
    budgetMs: options.budgetMs ?? 15_000,
    catchUpRounds: options.catchUpRounds ?? 3,
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'landcase-bench-'));
  const file = path.join(dir, 'events.db');
  const figures: Figure[] = [];
  try {
    const store = SqliteEventStore.open(file);
    let single: Measured;
    let batched: Measured;
    let concurrent: Measured;
    try {
      single = await appendLoop(store, 'detection.clue-', { ...o, batchSize: 1 });
      figures.push({
        part: PART,
        what: `SQLite append, 1 event per append, ${o.streams} streams`,
        count: single.count,
        unit: 'events',
        elapsedMs: single.elapsedMs,
        cpuMs: single.cpuMs,
        note: `expected revision checked, fsync per append, ~${storedBytes(sampleEvent('bench-0'))} B of JSON per event`,
      });
      const inFlight = 64;
      concurrent = await concurrentLoop(store, 'referral.referral-', inFlight, o);
      figures.push({
        part: PART,
        what: `SQLite append, 1 event per append, ${inFlight} in flight`,
        count: concurrent.count,
        unit: 'events',
        elapsedMs: concurrent.elapsedMs,
        cpuMs: concurrent.cpuMs,
        note: `${inFlight} writers on streams of their own, each awaiting its append before the next`,
      });
      batched = await appendLoop(store, 'enforcement.case-', o);
      figures.push({
        part: PART,
        what: `SQLite append, ${o.batchSize} events per append, ${o.streams} streams`,
        count: batched.count,
        unit: 'events',
        elapsedMs: batched.elapsedMs,
        cpuMs: batched.cpuMs,
        note: `${(batched.count / o.batchSize).toLocaleString('en-US')} appends`,
      });
    } finally {
      await store.close();
    }

    for (const batchSize of [1, o.batchSize]) {
      const raw = rawInsertLoop(path.join(dir, `raw-${batchSize}.db`), { ...o, batchSize });
      figures.push({
        part: PART,
        what: `raw better-sqlite3 insert, ${batchSize} row${batchSize === 1 ? '' : 's'} per transaction`,
        count: raw.count,
        unit: 'events',
        elapsedMs: raw.elapsedMs,
        cpuMs: raw.cpuMs,
        note: 'same file settings, table and JSON; no checks',
        baselineFor: `SQLite append, ${batchSize} event${batchSize === 1 ? '' : 's'} per append, ${o.streams} streams`,
      });
    }

    // A fresh instance, as a restarted relay or projection would open it.
    const reader = SqliteEventStore.open(file);
    try {
      const total = single.count + concurrent.count + batched.count;
      const rounds = { rounds: o.catchUpRounds, budgetMs: o.budgetMs };
      const all = await catchUpRounds(reader, total, rounds);
      figures.push({
        part: PART,
        what: 'SQLite catch-up subscription, all streams',
        count: all.count,
        unit: 'events',
        elapsedMs: all.elapsedMs,
        cpuMs: all.cpuMs,
        note: `${o.catchUpRounds} reads from position 0, 256 events per page`,
      });
      const one = await catchUpRounds(reader, single.count, rounds, ['detection.']);
      figures.push({
        part: PART,
        what: "SQLite catch-up subscription, one service's prefix",
        count: one.count,
        unit: 'events',
        elapsedMs: one.elapsedMs,
        cpuMs: one.cpuMs,
        note: `${o.catchUpRounds} reads; ${single.count.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events match (what a relay reads)`,
      });
    } finally {
      await reader.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (isMain(import.meta.url)) {
  console.log('event store (SQLite, temporary file)');
  printResults(await benchEventStore());
}
