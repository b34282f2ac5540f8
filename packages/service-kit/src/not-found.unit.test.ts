import { describe, expect, it } from 'vitest';
import { nullIfNotFound } from './not-found.ts';
import { ConcurrencyConflict, NotFound } from './problems.ts';

describe('nullIfNotFound', () => {
  it('passes on what was found', async () => {
    await expect(nullIfNotFound(Promise.resolve({ id: 'C1' }))).resolves.toEqual({ id: 'C1' });
  });

  it('turns NotFound into null', async () => {
    await expect(nullIfNotFound(Promise.reject(new NotFound('no clue C1')))).resolves.toBeNull();
  });

  it('lets any other error through', async () => {
    await expect(nullIfNotFound(Promise.reject(new ConcurrencyConflict('changed')))).rejects.toBeInstanceOf(
      ConcurrencyConflict,
    );
  });
});
