import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { eventStoreContract } from './contract-suite.ts';
import { type AppendResult, type NewEvent, type RecordedEvent, WrongExpectedRevisionError } from './port.ts';
import { DuplicateEventIdError, SqliteEventStore } from './sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'landcase-eventstore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tempFile = () => join(dir, `${randomUUID()}.db`);

eventStoreContract(
  'SQLite (temp file)',
  async () => SqliteEventStore.open(tempFile(), { pollIntervalMs: 50 }),
  { gapFree: true, snapshots: true },
);
eventStoreContract('SQLite (:memory:)', async () => SqliteEventStore.open(':memory:'), {
  gapFree: true,
  snapshots: true,
});

const ev = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { correlationId: 'c-1' },
});

describe('SqliteEventStore', () => {
  it('creates the directory of the file and keeps the events across a reopen', async () => {
    const path = join(dir, 'nested', randomUUID(), 'landcase.db');
    const first = SqliteEventStore.open(path);
    const events = [ev('A', { n: 1 }), ev('B', { n: 2 })];
    const appended = await first.append('detection.clue-1', events, 'no_stream');
    await first.close();
    expect(existsSync(path)).toBe(true);

    const reopened = SqliteEventStore.open(path);
    try {
      const read = await reopened.readStream('detection.clue-1');
      expect(read.map((e) => e.id)).toEqual(events.map((e) => e.id));
      expect(read.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
      expect(read[1]!.position).toBe(appended.position);
      // The next append continues the same gap-free sequence.
      const next = await reopened.append('detection.clue-2', [ev('C')], 'no_stream');
      expect(next.position).toBe(3);
    } finally {
      await reopened.close();
    }
  });

  it('uses WAL, one row per event, and the constraints the store relies on', async () => {
    const path = tempFile();
    const store = SqliteEventStore.open(path);
    await store.append('s-1', [ev('A'), ev('B')], 'no_stream');
    await store.close();

    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(2);
      const indexes = db
        .prepare("SELECT sql FROM sqlite_master WHERE name = 'events'")
        .pluck()
        .get() as string;
      expect(indexes).toMatch(/position\s+INTEGER PRIMARY KEY/);
      expect(indexes).toMatch(/UNIQUE \(stream_id, revision\)/);
      expect(indexes).toMatch(/event_id\s+TEXT\s+NOT NULL UNIQUE/);
      expect(indexes).not.toMatch(/AUTOINCREMENT/);
    } finally {
      db.close();
    }
  });

  it('records the time from the injected clock', async () => {
    const store = SqliteEventStore.open(':memory:', { now: () => new Date('2025-03-01T08:30:00.000Z') });
    try {
      await store.append('s-1', [ev('A')], 'no_stream');
      expect((await store.readStream('s-1'))[0]!.recordedAt).toBe('2025-03-01T08:30:00.000Z');
    } finally {
      await store.close();
    }
  });

  it('refuses a stored event id in a different append and writes nothing', async () => {
    const store = SqliteEventStore.open(':memory:');
    try {
      const a = ev('A');
      await store.append('s-1', [a], 'no_stream');
      const fresh = ev('Fresh');

      const inOtherStream = await store.append('s-2', [a], 'no_stream').catch((e: unknown) => e);
      expect(inOtherStream).toBeInstanceOf(DuplicateEventIdError);
      const mixed = await store.append('s-1', [a, fresh], 'any').catch((e: unknown) => e);
      expect(mixed).toBeInstanceOf(DuplicateEventIdError);
      expect((mixed as DuplicateEventIdError).eventIds).toEqual([a.id]);
      const changed = await store
        .append('s-1', [{ ...a, data: { other: true } }], 0)
        .catch((e: unknown) => e);
      expect(changed).toBeInstanceOf(DuplicateEventIdError);

      expect(await store.readStream('s-2')).toEqual([]);
      expect((await store.readAll()).map((e) => e.id)).toEqual([a.id]);
    } finally {
      await store.close();
    }
  });

  it('refuses an append that repeats an event id within itself', async () => {
    const store = SqliteEventStore.open(':memory:');
    try {
      const a = ev('A');
      await expect(store.append('s-1', [a, a], 'no_stream')).rejects.toThrow(/appears twice/);
      expect(await store.readStream('s-1')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('wakes live subscriptions on its own appends without waiting for the poll', async () => {
    // A poll interval no test outlives: delivery can only come from the in-process signal.
    const store = SqliteEventStore.open(':memory:', { pollIntervalMs: 3_600_000 });
    const received: string[] = [];
    let arrived!: () => void;
    const delivered = new Promise<void>((r) => {
      arrived = r;
    });
    const sub = store.subscribe({
      onEvent: async (e) => {
        received.push(e.id);
        arrived();
      },
    });
    try {
      // Let the subscription reach the (empty) head and start waiting.
      await new Promise((r) => setImmediate(r));
      const live = ev('Live');
      await store.append('s-1', [live], 'no_stream');
      await delivered;
      expect(received).toEqual([live.id]);
    } finally {
      await sub.stop();
      await store.close();
    }
  });

  it('delivers nothing at or before a starting position that lies beyond the head', async () => {
    const store = SqliteEventStore.open(':memory:');
    const received: number[] = [];
    let arrived!: () => void;
    const delivered = new Promise<void>((r) => {
      arrived = r;
    });
    await store.append('s-1', [ev('A')], 'no_stream');
    const sub = store.subscribe({
      fromPosition: 3,
      onEvent: async (e) => {
        received.push(e.position);
        arrived();
      },
    });
    try {
      await new Promise((r) => setImmediate(r));
      await store.append('s-1', [ev('B'), ev('C'), ev('D')], 0);
      await delivered;
      expect(received).toEqual([4]);
    } finally {
      await sub.stop();
      await store.close();
    }
  });

  it('lets a second instance on the same file see appends through its poll', async () => {
    const path = tempFile();
    const writer = SqliteEventStore.open(path);
    const reader = SqliteEventStore.open(path, { pollIntervalMs: 20 });
    const received: RecordedEvent[] = [];
    let arrived!: () => void;
    const bothArrived = new Promise<void>((r) => {
      arrived = r;
    });
    const sub = reader.subscribe({
      filter: { streamPrefixes: ['enforcement.'] },
      onEvent: async (e) => {
        received.push(e);
        if (received.length === 2) arrived();
      },
    });
    try {
      const first = ev('CaseOpened');
      await writer.append('enforcement.case-1', [first], 'no_stream');
      await writer.append('detection.clue-1', [ev('ClueReported')], 'no_stream');
      const second = ev('StopOrdered');
      await writer.append('enforcement.case-1', [second], 0);
      await bothArrived;
      expect(received.map((e) => e.id)).toEqual([first.id, second.id]);
      expect(received.map((e) => e.position)).toEqual([1, 3]);
      // And the reader's own appends see the writer's revision.
      await expect(reader.append('enforcement.case-1', [ev('X')], 0)).rejects.toMatchObject({ actual: 1 });
    } finally {
      await sub.stop();
      await reader.close();
      await writer.close();
    }
  });

  it('lets exactly one of two instances win a race on the same stream', async () => {
    const path = tempFile();
    const a = SqliteEventStore.open(path);
    const b = SqliteEventStore.open(path);
    try {
      await a.append('referral.referral-1', [ev('Drafted')], 'no_stream');
      const outcomes = await Promise.allSettled([
        a.append('referral.referral-1', [ev('Approved')], 0),
        b.append('referral.referral-1', [ev('Approved')], 0),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await b.readStream('referral.referral-1')).toHaveLength(2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('stops its subscriptions on close, after the handler in flight returns', async () => {
    const store = SqliteEventStore.open(':memory:');
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => {
      entered = r;
    });
    store.subscribe({
      onEvent: async (e) => {
        entered();
        await gate;
        order.push(`handled ${e.type}`);
      },
    });
    await store.append('s-1', [ev('A'), ev('B')], 'no_stream');
    await inHandler;
    const closing = store.close().then(() => order.push('closed'));
    release();
    await closing;
    expect(order).toEqual(['handled A', 'closed']);
  });

  it('refuses reserved names and malformed events before writing', async () => {
    const store = SqliteEventStore.open(':memory:');
    try {
      await expect(store.append('$all', [ev('A')], 'any')).rejects.toThrow(TypeError);
      await expect(store.append('s-1', [ev('$metadata')], 'any')).rejects.toThrow(TypeError);
      await expect(
        store.append('s-1', [{ ...ev('A'), data: [] as unknown as Record<string, unknown> }], 'any'),
      ).rejects.toThrow(TypeError);
      await expect(store.append('s-1', [ev('A')], -1)).rejects.toThrow(RangeError);
      expect(await store.readAll()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('reports a checkpoint past the events its filter skipped, after the events before them', async () => {
    const store = SqliteEventStore.open(':memory:', { pollIntervalMs: 3_600_000 });
    const order: string[] = [];
    let reported!: () => void;
    const checkpointed = new Promise<void>((r) => {
      reported = r;
    });
    await store.append('mine.s', [ev('A')], 'no_stream');
    await store.append('other.s', [ev('X'), ev('Y')], 'no_stream');
    const sub = store.subscribe({
      filter: { streamPrefixes: ['mine.'] },
      onEvent: async (e) => {
        order.push(`event ${e.type}`);
      },
      onCheckpoint: (position) => {
        order.push(`checkpoint ${position}`);
        reported();
      },
    });
    try {
      await checkpointed;
      expect(order).toEqual(['event A', 'checkpoint 3']);
    } finally {
      await sub.stop();
      await store.close();
    }
  });

  describe('group commit', () => {
    /** Counts the transactions the store commits on `path`, read from a second connection. */
    const dataVersion = (db: Database.Database) => db.pragma('data_version', { simple: true }) as number;

    it('commits concurrent appends to different streams in one transaction, positions in call order', async () => {
      const path = tempFile();
      const store = SqliteEventStore.open(path);
      const observer = new Database(path, { readonly: true });
      try {
        await store.append('s-0', [ev('Seed')], 'no_stream');
        const before = dataVersion(observer);
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.append(`s-${i + 1}`, [ev('A', { i })], 'no_stream')),
        );
        // data_version moves once per commit made by another connection.
        expect(dataVersion(observer) - before).toBe(1);
        expect(results.map((r) => r.position)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
        expect(results.every((r) => r.nextRevision === 0)).toBe(true);
        const all = await store.readAll();
        expect(all.map((e) => e.streamId)).toEqual(['s-0', ...results.map((_, i) => `s-${i + 1}`)]);
      } finally {
        observer.close();
        await store.close();
      }
    });

    it('rejects only the conflicting append of a group; the others commit, gap-free', async () => {
      const store = SqliteEventStore.open(':memory:');
      try {
        await store.append('taken', [ev('Created')], 'no_stream');
        const a = ev('A');
        const c = ev('C');
        const dupe = ev('Dupe');
        await store.append('other', [dupe], 'no_stream');
        const outcomes = await Promise.allSettled([
          store.append('fresh-a', [a], 'no_stream'),
          store.append('taken', [ev('X'), ev('Y')], 'no_stream'),
          store.append('fresh-b', [dupe], 'no_stream'),
          store.append('fresh-c', [c], 'no_stream'),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
        expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ actual: 0 });
        expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
        expect((outcomes[0] as PromiseFulfilledResult<AppendResult>).value.position).toBe(3);
        expect((outcomes[3] as PromiseFulfilledResult<AppendResult>).value.position).toBe(4);
        expect(await store.readStream('taken')).toHaveLength(1);
        expect(await store.readStream('fresh-b')).toEqual([]);
        expect((await store.readAll()).map((e) => [e.position, e.id])).toEqual([
          [1, expect.any(String)],
          [2, dupe.id],
          [3, a.id],
          [4, c.id],
        ]);
      } finally {
        await store.close();
      }
    });

    it('checks appends of one group to the same stream against each other, in call order', async () => {
      const store = SqliteEventStore.open(':memory:');
      try {
        const outcomes = await Promise.allSettled([
          store.append('s', [ev('A')], 'no_stream'),
          store.append('s', [ev('B')], 0),
          store.append('s', [ev('Late')], 0),
          store.append('s', [ev('C')], 1),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
        expect((await store.readStream('s')).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      } finally {
        await store.close();
      }
    });

    it('commits at the size bound without waiting for the window', async () => {
      const store = SqliteEventStore.open(':memory:', { groupCommitMs: 3_600_000, maxBatchAppends: 3 });
      try {
        const results = await Promise.all([1, 2, 3].map((i) => store.append(`s-${i}`, [ev('A')], 'any')));
        expect(results.map((r) => r.position)).toEqual([1, 2, 3]);
      } finally {
        await store.close();
      }
    });

    it('writes the appends still waiting for their group when closed', async () => {
      const path = tempFile();
      const store = SqliteEventStore.open(path, { groupCommitMs: 3_600_000 });
      const pending = store.append('s-1', [ev('A')], 'no_stream');
      await store.close();
      expect(await pending).toEqual({ nextRevision: 0, position: 1 });
      await expect(store.append('s-1', [ev('B')], 0)).rejects.toThrow(/after close/);
      const reopened = SqliteEventStore.open(path);
      try {
        expect(await reopened.readStream('s-1')).toHaveLength(1);
      } finally {
        await reopened.close();
      }
    });
  });
});
