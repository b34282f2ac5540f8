import type { Actor } from '@landcase/contracts';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from './context.ts';
import { idempotencyKeyOf, keyedId, loadOrCreate } from './idempotency.ts';
import { NotFound } from './problems.ts';

const wang: Actor = { sub: 'wang', agency: 'nrb', division: '141181', roles: ['officer'] };
const li: Actor = { sub: 'li', agency: 'nrb', division: '141181', roles: ['officer'] };
const ctx = { newId: () => 'fresh-id' } as unknown as ServiceContext;

describe('keyedId', () => {
  it('derives the same id from the same key, actor and namespace (ids already stored stay valid)', () => {
    const id = keyedId(ctx, 'landcase.referral.manual', wang, 'K-1');
    expect(id).toBe('85791d33-f65b-8c61-a3c4-31f7e76c181b');
    expect(keyedId(ctx, 'landcase.referral.manual', wang, 'K-1')).toBe(id);
  });

  it('tells apart another actor, another namespace and another key', () => {
    const id = keyedId(ctx, 'landcase.referral.manual', wang, 'K-1');
    expect(keyedId(ctx, 'landcase.referral.manual', li, 'K-1')).not.toBe(id);
    expect(keyedId(ctx, 'landcase.referral.recommendation', wang, 'K-1')).not.toBe(id);
    expect(keyedId(ctx, 'landcase.referral.manual', wang, 'K-2')).not.toBe(id);
  });

  it('gives a fresh id without a key', () => {
    expect(keyedId(ctx, 'landcase.referral.manual', wang, undefined)).toBe('fresh-id');
    expect(keyedId(ctx, 'landcase.referral.manual', wang, '')).toBe('fresh-id');
  });
});

describe('idempotencyKeyOf', () => {
  it('reads one header value and ignores a repeated header', () => {
    expect(idempotencyKeyOf({ 'idempotency-key': 'K-1' })).toBe('K-1');
    expect(idempotencyKeyOf({})).toBeUndefined();
    expect(idempotencyKeyOf({ 'idempotency-key': ['K-1', 'K-2'] })).toBeUndefined();
  });
});

describe('loadOrCreate', () => {
  it('creates what is not there yet and answers 201 with it', async () => {
    let stored: string | null = null;
    const load = async () => {
      if (stored === null) throw new NotFound('none');
      return stored;
    };
    const first = await loadOrCreate(load, async () => {
      stored = 'R1';
    });
    expect(first).toEqual({ view: 'R1', status: 201 });
  });

  it('answers 200 with what is there and creates nothing', async () => {
    let creates = 0;
    const again = await loadOrCreate(
      async () => 'R1',
      async () => {
        creates += 1;
      },
    );
    expect(again).toEqual({ view: 'R1', status: 200 });
    expect(creates).toBe(0);
  });
});
