import { describe, expect, it } from 'vitest';
import { query } from './api.ts';
import { chinaInstant, chinaLocal, formatArea, formatTime } from './format.ts';
import { hrefOf, routeOf } from './router.ts';

describe('China time, 亩 and hectares', () => {
  it('shows an instant in China time whatever the zone it was written in', () => {
    expect(formatTime('2026-03-02T01:30:00Z', 'zh')).toBe('2026/03/02 09:30');
    expect(formatTime('2026-03-02T23:59:59+08:00', 'en', false)).toBe('02/03/2026');
    expect(formatTime(null, 'zh')).toBe('');
    expect(formatTime('not a time', 'zh')).toBe('not a time');
  });

  it('reads a datetime-local value as China time and back', () => {
    expect(chinaInstant('2026-03-03T10:00')).toBe('2026-03-03T10:00:00+08:00');
    expect(chinaLocal('2026-03-03T02:00:00.000Z')).toBe('2026-03-03T10:00:00');
    expect(new Date(chinaInstant(chinaLocal('2026-12-31T16:30:05Z'))).toISOString()).toBe(
      '2026-12-31T16:30:05.000Z',
    );
  });

  it('gives areas in 亩 with hectares beside them, 15 亩 to the hectare', () => {
    expect(formatArea(6.2, 'zh')).toBe('6.2 亩 (0.41 ha)');
    expect(formatArea(15, 'en')).toBe('15 mu (1.00 ha)');
    expect(formatArea(undefined, 'zh')).toBe('');
  });
});

describe('routes and queries', () => {
  it('reads each hash route and writes it back, ids encoded', () => {
    for (const route of [
      { page: 'inbox' },
      { page: 'case', caseId: 'LC-141181-20260302-0a1b' },
      { page: 'audit', caseId: 'a/b c' },
      { page: 'referral', id: 'r 1' },
      { page: 'recommendations' },
      { page: 'recommendation', id: 'rec-1' },
      { page: 'referrals' },
      { page: 'ops' },
      { page: 'sign-in' },
    ] as const) {
      expect(routeOf(hrefOf(route))).toEqual(route);
    }
    expect(routeOf('#/nowhere')).toEqual({ page: 'inbox' });
    expect(routeOf('#/case/')).toEqual({ page: 'inbox' });
  });

  it('keeps only the defined values in a query', () => {
    expect(query({ a: 'x y', b: undefined, c: null, d: '', e: 0, f: false })).toBe('?a=x+y&e=0&f=false');
    expect(query({})).toBe('');
  });
});
