// The read-model port: documents that projections keep up to date, and the checkpoints
// that say how far each projection has read. MongoDB in production, in-memory when embedded.

export type Scalar = string | number | boolean | null;

export interface Doc {
  id: string;
  [field: string]: unknown;
}

/**
 * Bounds on a field, with MongoDB's semantics: a number bound matches numbers only, a string bound
 * strings only, a missing field never; on an array field each bound is met by some element.
 */
export interface Range {
  gt?: number | string;
  gte?: number | string;
  lt?: number | string;
  lte?: number | string;
}

/**
 * Equality on top-level fields; an array value matches any of its elements ("$in"); a {@link Range}
 * bounds the field (so an indexed field can be read a slice at a time, without skip).
 */
export type Filter = Record<string, Scalar | Scalar[] | Range>;

export interface FindOptions {
  limit?: number;
  skip?: number;
  sort?: { field: string; direction: 1 | -1 };
}

export interface Collection<T extends Doc = Doc> {
  get(id: string): Promise<T | null>;
  find(filter?: Filter, options?: FindOptions): Promise<T[]>;
  count(filter?: Filter): Promise<number>;
  /**
   * Writes the document if `version` is greater than the one stored with it (or none is stored),
   * and reports whether it wrote. The version travels in the same document write, so a projection's
   * progress on a document and its content can never disagree: a redelivered event is a no-op.
   */
  upsert(doc: T, version: number): Promise<boolean>;
  delete(id: string): Promise<void>;
  /**
   * Declares an index; adapters that need none may ignore it. A field may hold arrays (the index
   * then holds their elements), but at most one field of a compound index: MongoDB cannot index
   * two arrays of one document, and would refuse to write it.
   */
  ensureIndex(fields: string[], options?: { unique?: boolean }): Promise<void>;
}

export interface Checkpoints {
  get(name: string): Promise<number | undefined>;
  set(name: string, position: number): Promise<void>;
}

/**
 * Generations of a collection, for a blue/green rebuild: `collection(name)` reads and writes the
 * generation a pointer names (0, the collection `name` itself, until a swap), while a rebuild
 * fills the next one beside it; the swap moves the pointer, and the old one is dropped after.
 */
export interface Generations {
  /** The generation `collection(name)` reads and writes now; 0 before any swap. */
  current(name: string): Promise<number>;
  /** One generation's documents, whether or not it is current. */
  collection<T extends Doc = Doc>(name: string, generation: number): Collection<T>;
  /** Points `name` at `generation`: the store's reads and writes of `collection(name)` go there after. */
  swap(name: string, generation: number): Promise<void>;
  /** Drops one generation's documents (a retired one, or a rebuild given up). */
  drop(name: string, generation: number): Promise<void>;
}

/** Where generation `generation` of `name` is kept: `name` itself for 0, else `name.gen<n>`. */
export const generationName = (name: string, generation: number): string =>
  generation === 0 ? name : `${name}.gen${generation}`;

export interface ReadModelStore {
  /** The current generation of the collection `name` (see {@link Generations}). */
  collection<T extends Doc = Doc>(name: string): Collection<T>;
  generations: Generations;
  checkpoints: Checkpoints;
  /** Sets of ids already handled, per scope: the consumers' dedupe keys (CloudEvent ids). */
  seen: {
    has(scope: string, id: string): Promise<boolean>;
    add(scope: string, id: string): Promise<void>;
  };
  close(): Promise<void>;
}
