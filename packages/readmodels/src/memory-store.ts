// The read-model store for the embedded mode and unit tests: plain Maps in this process.
// Every read and write copies, so a caller holding a document can never change what is stored.
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
import { compareDocs, matcher, page } from './query.ts';

interface Versioned {
  doc: Doc;
  version: number;
}

class MemoryCollection<T extends Doc> implements Collection<T> {
  // Resolved on each call, so a handle taken before a swap reads the generation current now.
  constructor(private readonly docsOf: () => Map<string, Versioned>) {}

  private get docs(): Map<string, Versioned> {
    return this.docsOf();
  }

  async get(id: string): Promise<T | null> {
    const entry = this.docs.get(id);
    return entry ? (structuredClone(entry.doc) as T) : null;
  }

  async find(filter?: Filter, options: FindOptions = {}): Promise<T[]> {
    const found = this.matching(filter).sort(compareDocs(options.sort));
    return page(found, options).map((doc) => structuredClone(doc) as T);
  }

  async count(filter?: Filter): Promise<number> {
    return this.matching(filter).length;
  }

  async upsert(doc: T, version: number): Promise<boolean> {
    const stored = this.docs.get(doc.id);
    if (stored && stored.version >= version) return false;
    this.docs.set(doc.id, { doc: structuredClone(doc), version });
    return true;
  }

  async delete(id: string): Promise<void> {
    this.docs.delete(id);
  }

  async ensureIndex(): Promise<void> {
    // Scans over a Map need no index.
  }

  private matching(filter?: Filter): Doc[] {
    const test = matcher(filter);
    const found: Doc[] = [];
    for (const { doc } of this.docs.values()) if (test(doc)) found.push(doc);
    return found;
  }
}

export class InMemoryReadModelStore implements ReadModelStore {
  private readonly collections = new Map<string, Map<string, Versioned>>();
  private readonly positions = new Map<string, number>();
  private readonly seenIds = new Map<string, Set<string>>();

  private readonly pointers = new Map<string, number>();

  private docsOf(physical: string): Map<string, Versioned> {
    let docs = this.collections.get(physical);
    if (!docs) {
      docs = new Map();
      this.collections.set(physical, docs);
    }
    return docs;
  }

  collection<T extends Doc = Doc>(name: string): Collection<T> {
    return new MemoryCollection<T>(() => this.docsOf(generationName(name, this.pointers.get(name) ?? 0)));
  }

  readonly generations: Generations = {
    current: async (name) => this.pointers.get(name) ?? 0,
    collection: <T extends Doc = Doc>(name: string, generation: number) =>
      new MemoryCollection<T>(() => this.docsOf(generationName(name, generation))),
    swap: async (name, generation) => {
      this.pointers.set(name, generation);
    },
    drop: async (name, generation) => {
      if (generation === (this.pointers.get(name) ?? 0)) {
        throw new Error(`generation ${generation} of ${name} is current; it is not dropped`);
      }
      this.collections.delete(generationName(name, generation));
    },
  };

  readonly checkpoints: Checkpoints = {
    get: async (name) => this.positions.get(name),
    set: async (name, position) => {
      // A checkpoint only moves forward: a late, slower writer must not rewind a projection.
      const current = this.positions.get(name);
      if (current === undefined || position > current) this.positions.set(name, position);
    },
  };

  readonly seen = {
    has: async (scope: string, id: string): Promise<boolean> => this.seenIds.get(scope)?.has(id) ?? false,
    add: async (scope: string, id: string): Promise<void> => {
      let ids = this.seenIds.get(scope);
      if (!ids) {
        ids = new Set();
        this.seenIds.set(scope, ids);
      }
      ids.add(id);
    },
  };

  async close(): Promise<void> {
    // Nothing to release; the data lives as long as this object.
  }
}
