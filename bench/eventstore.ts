// The embedded event store (SQLite, WAL, synchronous=FULL) on a temporary file: how many events
// per second it appends, one event per append and ten per append, and how fast a catch-up
// subscription reads them back. Each loop stops at its count or its time budget, whichever first.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
