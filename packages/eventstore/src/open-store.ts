import { EsdbEventStore } from './esdb-store.ts';
import type { EventStore } from './port.ts';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-store.ts';

/**
 * The adapter for a store URL (LANDCASE_EVENTSTORE):
 * - `sqlite:<path>` — the embedded store in that file (directories created as needed);
 * - `sqlite::memory:` — an embedded store that lives as long as the process;
 * - `esdb://host:2113?tls=false` (or `esdb+discover://...`) — EventStoreDB.
 */
export async function openEventStore(
  url: string,
  sqliteOptions: SqliteEventStoreOptions = {},
): Promise<EventStore> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '')
      throw new Error(`event store URL "${url}" names no file: use sqlite:<path> or sqlite::memory:`);
    return SqliteEventStore.open(path, sqliteOptions);
  }
  if (url.startsWith('esdb://') || url.startsWith('esdb+discover://')) return EsdbEventStore.connect(url);
  throw new Error(
    `unsupported event store URL "${url}": expected sqlite:<path>, sqlite::memory: or esdb://host:2113?tls=false`,
  );
}
