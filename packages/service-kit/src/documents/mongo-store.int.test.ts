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
    it('keeps a document as a GridFS file in chunks, named by its hash in the index', async () => {
      const db = freshDb();
      const store = MongoDocumentStore.over(db);
      const bytes = Buffer.alloc(300 * 1024, 7);
      const sha256 = await store.put(bytes, 'image/jpeg');
      const record = await db.collection(`${DOCUMENTS_BUCKET}.index`).findOne({ _id: sha256 as never });
      expect(record).toMatchObject({ mediaType: 'image/jpeg', size: bytes.length });
      const file = await db.collection(`${DOCUMENTS_BUCKET}.files`).findOne({ _id: record!.fileId });
      expect(file).toMatchObject({ length: bytes.length, filename: sha256 });
      const chunks = await db
        .collection(`${DOCUMENTS_BUCKET}.chunks`)
        .countDocuments({ files_id: record!.fileId });
      expect(chunks).toBe(2);
    });

    it('is not misled by an upload that died before its index record, and keeps one file of racing puts', async () => {
      const db = freshDb();
      const store = MongoDocumentStore.over(db);
      const bytes = Buffer.from('referral letter, first try died half way');
      const sha256 = (await import('./port.ts')).sha256Of(bytes);
      // A dead upload: a file and a chunk of garbage under the hash's name, and no index record.
      await db
        .collection(`${DOCUMENTS_BUCKET}.files`)
        .insertOne({ filename: sha256, length: 7, chunkSize: 261120, uploadDate: new Date() } as never);
      expect(await store.has(sha256)).toBe(false);
      expect(await store.get(sha256)).toBeNull();
      await Promise.all([1, 2, 3, 4].map(() => store.put(bytes, 'text/plain')));
      expect((await store.get(sha256))!.bytes.equals(bytes)).toBe(true);
      // The losers of the race deleted their uploads: the dead one and the winner's remain.
      expect(await db.collection(`${DOCUMENTS_BUCKET}.index`).countDocuments({})).toBe(1);
      expect(await db.collection(`${DOCUMENTS_BUCKET}.files`).countDocuments({ filename: sha256 })).toBe(2);
    });
  });
}
