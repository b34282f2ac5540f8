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
import {
  type Checkpoints,
  type Collection,
  type Doc,
  type Filter,
  type FindOptions,
  type Generations,
  generationName,
  type ReadModelStore,
} from './port.ts';
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
  #docs: MongoCollection<Stored> | undefined;

  // `resolve` names the generation each call goes to (a fixed one, or the pointer's, cached).
  constructor(
    private readonly db: Db,
    private readonly resolve: () => Promise<string> | string,
  ) {}

  private get docs(): Promise<MongoCollection<Stored>> | MongoCollection<Stored> {
    const physical = this.resolve();
    const handle = (name: string) => {
      if (this.#docs?.collectionName !== name) this.#docs = this.db.collection<Stored>(name);
      return this.#docs;
    };
    return typeof physical === 'string' ? handle(physical) : physical.then(handle);
  }

  async get(id: string): Promise<T | null> {
    const stored = await (await this.docs).findOne({ _id: id });
    return stored ? toDoc<T>(stored) : null;
  }

  async find(filter?: Filter, options: FindOptions = {}): Promise<T[]> {
    // `_id` (the document id) breaks ties, so pages are stable and match the in-memory adapter.
    const sort: Sort = options.sort ? { [options.sort.field]: options.sort.direction, _id: 1 } : { _id: 1 };
    const cursor = (await this.docs)
      .find(toMongoFilter(filter))
      .sort(sort)
      .skip(options.skip ?? 0)
      .limit(options.limit ?? 0);
    return (await cursor.toArray()).map((stored) => toDoc<T>(stored));
  }

  async count(filter?: Filter): Promise<number> {
    return (await this.docs).countDocuments(toMongoFilter(filter));
  }

  async upsert(doc: T, version: number): Promise<boolean> {
    // A replacement, not a $set: fields the newer version no longer has must not survive.
    return replaceIfNewer(await this.docs, doc.id, '_v', version, { ...doc, _v: version });
  }

  async delete(id: string): Promise<void> {
    await (await this.docs).deleteOne({ _id: id });
  }

  async ensureIndex(fields: string[], options: { unique?: boolean } = {}): Promise<void> {
    const keys = Object.fromEntries(fields.map((field) => [field, 1 as const]));
    await (await this.docs).createIndex(keys, options.unique ? { unique: true } : {});
  }
}

/**
 * The `_generations` pointer documents (`{ _id: name, generation }`), read again at most every
 * `ttlMs`: another process's swap is seen within that time, this process's own at once.
 */
class GenerationPointers {
  readonly #cache = new Map<string, { generation: number; readAt: number }>();

  constructor(
    private readonly pointers: MongoCollection<Stored>,
    private readonly ttlMs: number,
  ) {}

  async current(name: string, fresh = false): Promise<number> {
    const cached = this.#cache.get(name);
    if (!fresh && cached && Date.now() - cached.readAt < this.ttlMs) return cached.generation;
    const stored = await this.pointers.findOne({ _id: name });
    const generation = typeof stored?.generation === 'number' ? stored.generation : 0;
    this.#cache.set(name, { generation, readAt: Date.now() });
    return generation;
  }

  physical(name: string): Promise<string> | string {
    const cached = this.#cache.get(name);
    if (cached && Date.now() - cached.readAt < this.ttlMs) return generationName(name, cached.generation);
    return this.current(name).then((generation) => generationName(name, generation));
  }

  async set(name: string, generation: number): Promise<void> {
    await this.pointers.replaceOne({ _id: name }, { generation }, { upsert: true });
    this.#cache.set(name, { generation, readAt: Date.now() });
  }
}

/** How long a process trusts the generation pointers it read (ms). */
const GENERATION_TTL_MS = 1000;

export class MongoReadModelStore implements ReadModelStore {
  readonly checkpoints: Checkpoints;
  readonly seen: ReadModelStore['seen'];
  readonly #pointers: GenerationPointers;

  private constructor(
    private readonly client: MongoClient,
    readonly db: Db,
  ) {
    this.#pointers = new GenerationPointers(db.collection<Stored>('_generations'), GENERATION_TTL_MS);
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
    return new MongoDocCollection<T>(this.db, () => this.#pointers.physical(name));
  }

  readonly generations: Generations = {
    current: (name) => this.#pointers.current(name),
    collection: <T extends Doc = Doc>(name: string, generation: number) =>
      new MongoDocCollection<T>(this.db, () => generationName(name, generation)),
    swap: async (name, generation) => {
      // The indexes the current generation was given go with the name to the new one.
      const from = this.db.collection(generationName(name, await this.#pointers.current(name, true)));
      const to = this.db.collection(generationName(name, generation));
      const indexes = await from
        .listIndexes()
        .toArray()
        .catch(() => []);
      for (const index of indexes) {
        if (index.name === '_id_') continue;
        await to.createIndex(index.key, index.unique ? { unique: true } : {});
      }
      await this.#pointers.set(name, generation);
    },
    drop: async (name, generation) => {
      if (generation === (await this.#pointers.current(name, true))) {
        throw new Error(`generation ${generation} of ${name} is current; it is not dropped`);
      }
      try {
        await this.db.collection(generationName(name, generation)).drop();
      } catch (error) {
        // Nothing to drop: a generation never written (NamespaceNotFound).
        if (
          !(error instanceof MongoServerError && (error.code === 26 || /ns not found/i.test(error.message)))
        )
          throw error;
      }
    },
  };

  /** Drops the whole database: for tests that create one per run. */
  async dropDatabase(): Promise<void> {
    await this.db.dropDatabase();
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
