export * from './enums.ts';
export * from './envelope.ts';
export * from './events.ts';
export * from './fields.ts';
export * from './geo.ts';
export * from './problems.ts';
export * from './topics.ts';
