import { describe, expect, it } from 'vitest';
import { actedOn, actionBodyOf, deadLetterListPath, NO_FILTER, stillTicked } from './dead-letter-actions.ts';

describe('dead letter actions', () => {
  it("lists with the filters given, pending (the API's default) left out", () => {
    expect(deadLetterListPath(NO_FILTER, 50)).toBe('/ops/dlq?limit=50');
    expect(
      deadLetterListPath(
        { ...NO_FILTER, status: 'all', group: ' enforcement.open-case ', error: 'down' },
        10,
      ),
    ).toBe('/ops/dlq?status=all&group=enforcement.open-case&error=down&limit=10');
  });

  it('names the ticked letters by id, a dry run unless told otherwise, with a reason when one is given', () => {
    expect(actionBodyOf([], { dryRun: true, reason: '' })).toBeNull();
    expect(actionBodyOf(['b', 'a', 'b'], { dryRun: true, reason: '  ' })).toEqual({
      ids: ['a', 'b'],
      dryRun: true,
    });
    expect(actionBodyOf(new Set(['a']), { dryRun: false, reason: ' test letter ' })).toEqual({
      ids: ['a'],
      dryRun: false,
      reason: 'test letter',
    });
  });

  it('reads the ids acted on from either answer, and drops ticks no longer listed', () => {
    const base = { dryRun: true, matched: 1, refused: [], notFound: [], left: 0 };
    expect(actedOn({ ...base, redriven: [{ id: 'a', redrives: 1 }] })).toEqual(['a']);
    expect(actedOn({ ...base, discarded: [{ id: 'b' }] })).toEqual(['b']);
    expect(actedOn(base)).toEqual([]);
    expect([...stillTicked(new Set(['a', 'b']), [{ id: 'b' }, { id: 'c' }])]).toEqual(['b']);
  });
});
