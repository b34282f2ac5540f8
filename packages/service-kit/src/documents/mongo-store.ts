import { type Db, GridFSBucket, MongoClient, MongoServerError, type ObjectId } from 'mongodb';
import {
  type DocumentStore,
  isSha256,
  normalMediaType,
  type Sha256,
  type StoredDocument,
  sha256Of,
} from './port.ts';

const DUPLICATE_KEY = 11000;
/** The GridFS bucket: collections `documents.files` and `documents.chunks`. */
export const DOCUMENTS_BUCKET = 'documents';

interface IndexRecord {
  _id: string;
  fileId: ObjectId;
  mediaType: string;
  size: number;
}

const isDuplicateKey = (error: unknown): boolean =>
  error instanceof MongoServerError && error.code === DUPLICATE_KEY;

/**
 * Documents in MongoDB GridFS (bucket `documents`) and an index by content: `documents.index`
 * holds one record per document, `_id` its SHA-256, naming the GridFS file that holds its bytes.
 * Each put uploads under a file id of its own, so two puts of the same bytes never mix their
 * chunks; the index record is written after the upload finished, and a document is there once
 * its record is. Two puts racing: the loser meets a duplicate key on the record and deletes its
 * own upload (an upload that died half way leaves a file no record names, never a document).
 */
export class MongoDocumentStore implements DocumentStore {
  readonly #bucket: GridFSBucket;

  private constructor(
    private readonly db: Db,
    private readonly client: MongoClient | null,
  ) {
    this.#bucket = new GridFSBucket(db, { bucketName: DOCUMENTS_BUCKET });
  }

  /** Over a database of a client the caller owns (and closes). */
  static over(db: Db): MongoDocumentStore {
    return new MongoDocumentStore(db, null);
  }

  /** Connects to `mongodb://host:port/<db>` (database `landcase` when the path names none). */
  static async connect(url: string): Promise<MongoDocumentStore> {
    const client = await MongoClient.connect(url);
    return new MongoDocumentStore(client.db(), client);
  }

  get #index() {
    return this.db.collection<IndexRecord>(`${DOCUMENTS_BUCKET}.index`);
  }

  async put(bytes: Uint8Array, mediaType: string): Promise<Sha256> {
    const sha256 = sha256Of(bytes);
    if (await this.has(sha256)) return sha256;
    const media = normalMediaType(mediaType);
    const fileId = await this.#upload(sha256, bytes, media);
    try {
      await this.#index.insertOne({ _id: sha256, fileId, mediaType: media, size: bytes.length });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Another put of the same bytes recorded its upload first: this one is not needed.
      await this.#bucket.delete(fileId).catch(() => {});
    }
    return sha256;
  }

  #upload(sha256: Sha256, bytes: Uint8Array, mediaType: string): Promise<ObjectId> {
    return new Promise((resolve, reject) => {
      const upload = this.#bucket.openUploadStream(sha256, { metadata: { mediaType, sha256 } });
      upload.once('error', reject);
      upload.once('finish', () => resolve(upload.id));
      upload.end(Buffer.from(bytes));
    });
  }

  async get(sha256: Sha256): Promise<StoredDocument | null> {
    if (!isSha256(sha256)) return null;
    const record = await this.#index.findOne({ _id: sha256 });
    if (!record) return null;
    const parts: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const download = this.#bucket.openDownloadStream(record.fileId);
      download.on('data', (chunk: Buffer) => parts.push(chunk));
      download.once('error', reject);
      download.once('end', () => resolve());
    });
    const bytes = Buffer.concat(parts);
    return { bytes, mediaType: record.mediaType, sha256, size: bytes.length };
  }

  async has(sha256: Sha256): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    return (await this.#index.countDocuments({ _id: sha256 }, { limit: 1 })) > 0;
  }

  async close(): Promise<void> {
    await this.client?.close();
  }
}
