// The production read-model store on MongoDB. Each document is stored under `_id = id` with its
// version in `_v`; the version check and the write are one conditional upsert, so two projections
// racing on a document can never let an older version overwrite a newer one.
import {
  type Db,
  MongoClient,
  type MongoClientOptions,
  type Collection as MongoCollection,
  type Filter as MongoFilter,
  MongoServerError,
  type Sort,
} from 'mongodb';
import type { Checkpoints, Collection, Doc, Filter, FindOptions, ReadModelStore } from './port.ts';
import { isRange } from './query.ts';

type Stored = { _id: string } & Record<string, unknown>;

const DEFAULT_DATABASE = 'landcase';
const DUPLICATE_KEY = 11000;
/** Rounds of "insert raced with another insert" to retry before giving up on a write. */
const MAX_WRITE_ATTEMPTS = 5;

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** The database named in the URL path (`mongodb://host:port/<db>?...`), or `landcase`. */
export function databaseNameOf(url: string): string {
  const path = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(url)?.[1];
  return path ? decodeURIComponent(path) : DEFAULT_DATABASE;
}

/**
 * Replaces the document `_id = id` with `replacement` only if its stored `versionField` is lower than
 * `version` (or absent), inserting it when there is none; reports whether it wrote.
 *
 * When the filter does not match, the upsert tries an insert; if the document exists with a version at
 * least as new, that insert fails with a duplicate key, which means "not written". Two upserts of a
 * missing document can also race, the loser getting a duplicate key although its version is newer: the
 * stored version tells the cases apart, and the loser retries, now as an update.
 */
export async function replaceIfNewer(
  collection: MongoCollection<Stored>,
  id: string,
  versionField: string,
  version: number,
  replacement: Record<string, unknown>,
): Promise<boolean> {
  const filter = {
    _id: id,
    $or: [{ [versionField]: { $lt: version } }, { [versionField]: { $exists: false } }],
  } as MongoFilter<Stored>;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await collection.replaceOne(filter, replacement, { upsert: true });
      return result.matchedCount + result.upsertedCount > 0;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const stored = await collection.findOne({ _id: id });
      const storedVersion = stored?.[versionField];
      if (typeof storedVersion === 'number' && storedVersion >= version) return false;
      // Not a newer version in the way: a race with an older insert, or a unique index on another field.
      if (attempt >= MAX_WRITE_ATTEMPTS) throw error;
    }
  }
}

function toMongoFilter(filter: Filter = {}): MongoFilter<Stored> {
  const query: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(filter)) {
    if (Array.isArray(value)) query[field] = { $in: value };
    else if (isRange(value)) {
      const bounds: Record<string, number | string> = {};
      for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
        const bound = value[op];
        if (bound !== undefined) bounds[`$${op}`] = bound;
      }
      // No bound, no constraint (as the in-memory adapter reads it), not "equals {}".
      if (Object.keys(bounds).length > 0) query[field] = bounds;
    } else query[field] = value;
  }
  return query as MongoFilter<Stored>;
}

function toDoc<T extends Doc>(stored: Stored): T {
  const { _id, _v, ...doc } = stored;
  return doc as T;
}

class MongoDocCollection<T extends Doc> implements Collection<T> {
  constructor(private readonly docs: MongoCollection<Stored>) {}

  async get(id: string): Promise<T | null> {
    const stored = await this.docs.findOne({ _id: id });
    return stored ? toDoc<T>(stored) : null;
  }

  async find(filter?: Filter, options: FindOptions = {}): Promise<T[]> {
    // `_id` (the document id) breaks ties, so pages are stable and match the in-memory adapter.
    const sort: Sort = options.sort ? { [options.sort.field]: options.sort.direction, _id: 1 } : { _id: 1 };
    const cursor = this.docs
      .find(toMongoFilter(filter))
      .sort(sort)
      .skip(options.skip ?? 0)
      .limit(options.limit ?? 0);
    return (await cursor.toArray()).map((stored) => toDoc<T>(stored));
  }

  async count(filter?: Filter): Promise<number> {
    return this.docs.countDocuments(toMongoFilter(filter));
  }

  async upsert(doc: T, version: number): Promise<boolean> {
    // A replacement, not a $set: fields the newer version no longer has must not survive.
    return replaceIfNewer(this.docs, doc.id, '_v', version, { ...doc, _v: version });
  }

  async delete(id: string): Promise<void> {
    await this.docs.deleteOne({ _id: id });
  }

  async ensureIndex(fields: string[], options: { unique?: boolean } = {}): Promise<void> {
    const keys = Object.fromEntries(fields.map((field) => [field, 1 as const]));
    await this.docs.createIndex(keys, options.unique ? { unique: true } : {});
  }
}

export class MongoReadModelStore implements ReadModelStore {
  readonly checkpoints: Checkpoints;
  readonly seen: ReadModelStore['seen'];

  private constructor(
    private readonly client: MongoClient,
    readonly db: Db,
  ) {
    const positions = db.collection<Stored>('_checkpoints');
    this.checkpoints = {
      get: async (name) => {
        const stored = await positions.findOne({ _id: name });
        return typeof stored?.position === 'number' ? stored.position : undefined;
      },
      set: async (name, position) => {
        // Monotonic like the document versions: a late writer never moves a checkpoint back.
        await replaceIfNewer(positions, name, 'position', position, { position });
      },
    };

    const seenIds = db.collection<Stored>('_seen');
    const key = (scope: string, id: string) => `${scope}\u0000${id}`;
    this.seen = {
      has: async (scope, id) => (await seenIds.findOne({ _id: key(scope, id) })) !== null,
      add: async (scope, id) => {
        try {
          await seenIds.insertOne({ _id: key(scope, id) });
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
      },
    };
  }

  /** Connects to the server; the database is the one named in the URL path (default `landcase`). */
  static async connect(url: string, options: MongoClientOptions = {}): Promise<MongoReadModelStore> {
    const client = await MongoClient.connect(url, { ignoreUndefined: true, ...options });
    return new MongoReadModelStore(client, client.db(databaseNameOf(url)));
  }

  collection<T extends Doc = Doc>(name: string): Collection<T> {
    return new MongoDocCollection<T>(this.db.collection<Stored>(name));
  }

  /** Drops the whole database: for tests that create one per run. */
  async dropDatabase(): Promise<void> {
    await this.db.dropDatabase();
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
