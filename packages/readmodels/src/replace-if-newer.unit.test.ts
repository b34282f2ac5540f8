// The retry after a lost insert race cannot be provoked on demand against a server that serialises
// writes, so this drives replaceIfNewer with a collection whose answers are scripted.
import type { Collection } from 'mongodb';
import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { replaceIfNewer } from './mongo-store.ts';

type Stored = Parameters<typeof replaceIfNewer>[0] extends Collection<infer S> ? S : never;

const duplicateKey = () => new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 });

function scripted(replies: Array<'dup' | 'matched' | 'upserted'>, stored: () => Stored | null) {
  const calls = { replace: 0, find: 0 };
  const collection = {
    replaceOne: async () => {
      const reply = replies[calls.replace++];
      if (reply === 'dup' || reply === undefined) throw duplicateKey();
      return { matchedCount: reply === 'matched' ? 1 : 0, upsertedCount: reply === 'upserted' ? 1 : 0 };
    },
    findOne: async () => {
      calls.find++;
      return stored();
    },
  } as unknown as Collection<Stored>;
  return { collection, calls };
}

describe('replaceIfNewer', () => {
  it('reports an upsert or a matched replace as written', async () => {
    const inserted = scripted(['upserted'], () => null);
    expect(await replaceIfNewer(inserted.collection, 'd', '_v', 1, { _v: 1 })).toBe(true);
    const replaced = scripted(['matched'], () => null);
    expect(await replaceIfNewer(replaced.collection, 'd', '_v', 2, { _v: 2 })).toBe(true);
  });

  it('reports "not written" when the duplicate key comes from a stored version at least as new', async () => {
    const { collection, calls } = scripted(['dup'], () => ({ _id: 'd', _v: 5 }));
    expect(await replaceIfNewer(collection, 'd', '_v', 5, { _v: 5 })).toBe(false);
    expect(calls.replace).toBe(1);
  });

  it('retries when it lost an insert race to an older version, and then writes', async () => {
    const { collection, calls } = scripted(['dup', 'matched'], () => ({ _id: 'd', _v: 3 }));
    expect(await replaceIfNewer(collection, 'd', '_v', 7, { _v: 7 })).toBe(true);
    expect(calls.replace).toBe(2);
  });

  it('gives up with the error when the duplicate key is not about the version', async () => {
    const { collection, calls } = scripted([], () => null);
    await expect(replaceIfNewer(collection, 'd', '_v', 1, { _v: 1 })).rejects.toThrow(/E11000/);
    expect(calls.replace).toBe(5);
  });

  it('passes other errors straight through', async () => {
    const collection = {
      replaceOne: async () => {
        throw new Error('network down');
      },
    } as unknown as Collection<Stored>;
    await expect(replaceIfNewer(collection, 'd', '_v', 1, { _v: 1 })).rejects.toThrow('network down');
  });
});
