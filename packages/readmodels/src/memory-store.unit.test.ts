import { describe, expect, it } from 'vitest';
import { readModelContract } from './contract-suite.ts';
import { InMemoryReadModelStore } from './memory-store.ts';
import { openReadModels } from './open-store.ts';

readModelContract('in-memory', () => new InMemoryReadModelStore());

describe('openReadModels', () => {
  it('opens the in-memory store for "memory"', async () => {
    expect(await openReadModels('memory')).toBeInstanceOf(InMemoryReadModelStore);
  });

  it('refuses an unknown URL, naming what it accepts', async () => {
    await expect(openReadModels('redis://localhost')).rejects.toThrow(
      /Unsupported read-model store URL "redis:\/\/localhost".*memory.*mongodb:\/\//,
    );
  });
});
