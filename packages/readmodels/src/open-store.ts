import { InMemoryReadModelStore } from './memory-store.ts';
import { MongoReadModelStore } from './mongo-store.ts';
import type { ReadModelStore } from './port.ts';

/** Opens the store a LANDCASE_READMODELS value names: `memory` or `mongodb://host:port/<db>`. */
export async function openReadModels(url: string): Promise<ReadModelStore> {
  if (url === 'memory') return new InMemoryReadModelStore();
  if (url.startsWith('mongodb://') || url.startsWith('mongodb+srv://')) {
    return MongoReadModelStore.connect(url);
  }
  throw new Error(
    `Unsupported read-model store URL "${url}": expected "memory" or "mongodb://host:port/<database>"`,
  );
}
