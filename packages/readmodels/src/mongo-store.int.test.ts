import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { readModelContract } from './contract-suite.ts';
import { databaseNameOf, MongoReadModelStore } from './mongo-store.ts';
import { openReadModels } from './open-store.ts';
import type { ReadModelStore } from './port.ts';

const serverUrl = process.env.LANDCASE_TEST_MONGO;

/** The server URL with a fresh database in its path, so runs sharing the server never meet. */
function freshDatabaseUrl(server: string): string {
  const url = new URL(server);
  url.pathname = `/landcase_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  return url.toString();
}

describe('databaseNameOf', () => {
  it('takes the database from the URL path, defaulting to landcase', () => {
    expect(databaseNameOf('mongodb://h:27017/cases?retryWrites=false')).toBe('cases');
    expect(databaseNameOf('mongodb://a:1,b:2/cases')).toBe('cases');
    expect(databaseNameOf('mongodb://h:27017/')).toBe('landcase');
    expect(databaseNameOf('mongodb://h:27017')).toBe('landcase');
  });
});

if (!serverUrl) {
  describe('MongoReadModelStore', () => {
    it('needs a MongoDB server', () => {
      throw new Error(
        'LANDCASE_TEST_MONGO is not set: run the tests through `pnpm test`, which starts the servers, ' +
          'or set LANDCASE_TEST_MONGO=mongodb://host:port to a running server.',
      );
    });
  });
} else {
  const dropAndClose = async (store: ReadModelStore) => {
    const mongo = store as MongoReadModelStore;
    await mongo.dropDatabase();
    await mongo.close();
  };

  readModelContract('MongoDB', () => MongoReadModelStore.connect(freshDatabaseUrl(serverUrl)), {
    dispose: dropAndClose,
  });

  describe('MongoReadModelStore on the server', () => {
    const url = freshDatabaseUrl(serverUrl);
    const opened: MongoReadModelStore[] = [];
    const connect = async () => {
      const store = await MongoReadModelStore.connect(url);
      opened.push(store);
      return store;
    };

    afterAll(async () => {
      const [first, ...rest] = opened;
      if (first) await first.dropDatabase();
      await Promise.all([first, ...rest].map((store) => store?.close()));
    });

    it('uses the database named in the URL and keeps data across connections', async () => {
      const writer = await connect();
      expect(writer.db.databaseName).toBe(new URL(url).pathname.slice(1));
      await writer.collection('cases').upsert({ id: 'LC-1', state: 'opened' }, 1);
      await writer.checkpoints.set('relay:enforcement', 7);
      await writer.seen.add('enforcement.cases', 'evt-1');

      const reader = await connect();
      expect(await reader.collection('cases').get('LC-1')).toEqual({ id: 'LC-1', state: 'opened' });
      expect(await reader.checkpoints.get('relay:enforcement')).toBe(7);
      expect(await reader.seen.has('enforcement.cases', 'evt-1')).toBe(true);
    });

    it('lets the highest version win when two connections race on one document', async () => {
      const [left, right] = [await connect(), await connect()];
      const versions = Array.from({ length: 20 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
      await Promise.all(
        versions.map((v) => (v % 2 ? left : right).collection('race').upsert({ id: 'doc', v }, v)),
      );
      expect(await left.collection('race').get('doc')).toEqual({ id: 'doc', v: 20 });
    });

    it('stores the version beside the document as _v under _id = id', async () => {
      const store = await connect();
      await store.collection('raw').upsert({ id: 'x', n: 1 }, 4);
      expect(await store.db.collection('raw').findOne({ _id: 'x' as never })).toEqual({
        _id: 'x',
        id: 'x',
        n: 1,
        _v: 4,
      });
    });

    it('refuses a write that breaks a unique index instead of reporting it as an old version', async () => {
      const store = await connect();
      const people = store.collection('people');
      await people.ensureIndex(['email'], { unique: true });
      await people.upsert({ id: 'p1', email: 'a@example.org' }, 1);
      await expect(people.upsert({ id: 'p2', email: 'a@example.org' }, 1)).rejects.toThrow(/E11000/);
    });

    it('is what openReadModels returns for a mongodb:// URL', async () => {
      const store = await openReadModels(url);
      try {
        expect(store).toBeInstanceOf(MongoReadModelStore);
      } finally {
        await store.close();
      }
    });
  });
}
