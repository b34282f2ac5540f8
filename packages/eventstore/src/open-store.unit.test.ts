import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EsdbEventStore } from './esdb-store.ts';
import { openEventStore } from './open-store.ts';
import { SqliteEventStore } from './sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'landcase-open-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openEventStore', () => {
  it('opens the SQLite file named by sqlite:<path>, creating its directory', async () => {
    const path = join(dir, 'data', 'x.db');
    const store = await openEventStore(`sqlite:${path}`);
    try {
      expect(store).toBeInstanceOf(SqliteEventStore);
      await store.append('s-1', [{ id: randomUUID(), type: 'A', data: {}, metadata: {} }], 'no_stream');
    } finally {
      await store.close();
    }
    const again = await openEventStore(`sqlite:${path}`);
    try {
      expect(await again.readStream('s-1')).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it('opens an in-memory SQLite store for sqlite::memory:', async () => {
    const store = await openEventStore('sqlite::memory:');
    try {
      expect(store).toBeInstanceOf(SqliteEventStore);
      expect(await store.readAll()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('returns the EventStoreDB adapter for esdb:// without connecting yet', async () => {
    const store = await openEventStore('esdb://127.0.0.1:2113?tls=false');
    expect(store).toBeInstanceOf(EsdbEventStore);
    await store.close();
  });

  it.each(['', 'sqlite:', 'postgres://localhost/db', 'memory', './data/landcase.db'])(
    'refuses %j with a message naming the accepted forms',
    async (url) => {
      await expect(openEventStore(url)).rejects.toThrow(/sqlite:<path>/);
    },
  );
});
