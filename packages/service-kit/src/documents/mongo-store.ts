import { type Db, GridFSBucket, MongoClient, MongoServerError } from 'mongodb';
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

const isDuplicateKey = (error: unknown): boolean =>
  error instanceof MongoServerError && error.code === DUPLICATE_KEY;

/**
 * Documents in MongoDB GridFS (bucket `documents`), each file's `_id` its SHA-256 and its
 * `metadata.mediaType` the media type. GridFS writes the chunks first and the file document last,
 * so a document is there once its file document is; an upload that died half way leaves chunks
 * without one, which the next put of the same bytes clears before writing again. Two puts of the
 * same bytes racing: the loser meets a duplicate key and finds the winner's file.
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

  async put(bytes: Uint8Array, mediaType: string): Promise<Sha256> {
    const sha256 = sha256Of(bytes);
    for (let attempt = 1; ; attempt++) {
      if (await this.has(sha256)) return sha256;
      try {
        await this.#upload(sha256, bytes, normalMediaType(mediaType));
        return sha256;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        if (await this.has(sha256)) return sha256;
        if (attempt >= 3) throw error;
        // Chunks of an upload that never finished: clear them and write again.
        await this.db.collection(`${DOCUMENTS_BUCKET}.chunks`).deleteMany({ files_id: sha256 });
      }
    }
  }

  #upload(sha256: Sha256, bytes: Uint8Array, mediaType: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const upload = this.#bucket.openUploadStreamWithId(sha256 as never, sha256, {
        metadata: { mediaType },
      });
      upload.once('error', reject);
      upload.once('finish', () => resolve());
      upload.end(Buffer.from(bytes));
    });
  }

  async get(sha256: Sha256): Promise<StoredDocument | null> {
    if (!isSha256(sha256)) return null;
    const file = await this.db
      .collection<{ _id: string; length: number; metadata?: { mediaType?: string } }>(
        `${DOCUMENTS_BUCKET}.files`,
      )
      .findOne({ _id: sha256 });
    if (!file) return null;
    const parts: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const download = this.#bucket.openDownloadStream(sha256 as never);
      download.on('data', (chunk: Buffer) => parts.push(chunk));
      download.once('error', reject);
      download.once('end', () => resolve());
    });
    const bytes = Buffer.concat(parts);
    return {
      bytes,
      mediaType: file.metadata?.mediaType ?? 'application/octet-stream',
      sha256,
      size: bytes.length,
    };
  }

  async has(sha256: Sha256): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    const found = await this.db
      .collection<{ _id: string }>(`${DOCUMENTS_BUCKET}.files`)
      .countDocuments({ _id: sha256 }, { limit: 1 });
    return found > 0;
  }

  async close(): Promise<void> {
    await this.client?.close();
  }
}
