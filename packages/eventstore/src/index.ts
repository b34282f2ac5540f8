export { EsdbEventStore } from './esdb-store.ts';
export { openEventStore } from './open-store.ts';
export * from './port.ts';
export { DuplicateEventIdError, SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-store.ts';
