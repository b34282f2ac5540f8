import { FileDocumentStore } from './file-store.ts';
import { InMemoryDocumentStore } from './memory-store.ts';
import { MongoDocumentStore } from './mongo-store.ts';
import type { DocumentStore } from './port.ts';

/** Opens the store a LANDCASE_DOCUMENTS value names: `memory`, `file:<dir>` or `mongodb://host:port/<db>`. */
export async function openDocumentStore(url: string): Promise<DocumentStore> {
  if (url === 'memory') return new InMemoryDocumentStore();
  if (url.startsWith('file:')) return new FileDocumentStore(url.slice('file:'.length));
  if (url.startsWith('mongodb://') || url.startsWith('mongodb+srv://'))
    return MongoDocumentStore.connect(url);
  throw new Error(
    `unsupported document store "${url}": expected "memory", "file:<dir>" or "mongodb://host:port/<database>"`,
  );
}
