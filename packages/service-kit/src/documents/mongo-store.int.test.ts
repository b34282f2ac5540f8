import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { documentStoreContract } from './contract-suite.ts';
import { DOCUMENTS_BUCKET, MongoDocumentStore } from './mongo-store.ts';

// The GridFS adapter against the real MongoDB-protocol server that infra/with-servers.sh starts.

const serverUrl = process.env.LANDCASE_TEST_MONGO;

if (!serverUrl) {
  describe('MongoDocumentStore', () => {
    it('needs a MongoDB server', () => {
      throw new Error(
        'LANDCASE_TEST_MONGO is not set: run through `bash infra/with-servers.sh pnpm vitest run <file>`, ' +
          'or set LANDCASE_TEST_MONGO=mongodb://host:port to a running server.',
      );
    });
  });
} else {
  const client = new MongoClient(serverUrl);
  const databases: string[] = [];
  const freshDb = () => {
    const name = `landcase_docs_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    databases.push(name);
    return client.db(name);
  };
  afterAll(async () => {
    for (const name of databases) await client.db(name).dropDatabase();
    await client.close();
  });

  documentStoreContract('MongoDB GridFS', async () => MongoDocumentStore.over(freshDb()));

  describe('MongoDocumentStore', () => {
    it('keeps a document as a GridFS file whose id is its hash, in chunks', async () => {
      const db = freshDb();
      const store = MongoDocumentStore.over(db);
      const bytes = Buffer.alloc(300 * 1024, 7);
      const sha256 = await store.put(bytes, 'image/jpeg');
      const file = await db.collection(`${DOCUMENTS_BUCKET}.files`).findOne({ _id: sha256 as never });
      expect(file).toMatchObject({ length: bytes.length, metadata: { mediaType: 'image/jpeg' } });
      const chunks = await db.collection(`${DOCUMENTS_BUCKET}.chunks`).countDocuments({ files_id: sha256 });
      expect(chunks).toBe(2);
    });

    it('writes again over the chunks of an upload that never finished', async () => {
      const db = freshDb();
      const store = MongoDocumentStore.over(db);
      const bytes = Buffer.from('referral letter, first try died half way');
      const sha256 = (await import('./port.ts')).sha256Of(bytes);
      // A dead upload: a chunk without its file document.
      await db
        .collection(`${DOCUMENTS_BUCKET}.chunks`)
        .insertOne({ files_id: sha256, n: 0, data: Buffer.from('garbage') } as never);
      expect(await store.has(sha256)).toBe(false);
      expect(await store.put(bytes, 'text/plain')).toBe(sha256);
      expect((await store.get(sha256))!.bytes.equals(bytes)).toBe(true);
    });
  });
}
