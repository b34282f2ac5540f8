export { InMemoryReadModelStore } from './memory-store.ts';
export { databaseNameOf, MongoReadModelStore } from './mongo-store.ts';
export { openReadModels } from './open-store.ts';
export * from './port.ts';
