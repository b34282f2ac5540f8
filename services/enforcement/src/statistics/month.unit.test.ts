import { describe, expect, it } from 'vitest';
import { monthOf, monthSpan, monthsBetween } from './month.ts';

describe('monthOf: the month in China Standard Time', () => {
  it('puts an instant after 16:00 UTC on the last day into the next month', () => {
    expect(monthOf('2026-03-31T17:00:00Z')).toBe('2026-04');
    expect(monthOf('2026-03-31T16:00:00Z')).toBe('2026-04');
    expect(monthOf('2026-03-31T15:59:59.999Z')).toBe('2026-03');
    expect(monthOf('2025-12-31T16:00:00Z')).toBe('2026-01');
  });

  it('reads any offset the timestamp was written with', () => {
    expect(monthOf('2026-04-01T00:30:00+08:00')).toBe('2026-04');
    expect(monthOf('2026-03-31T12:00:00-05:00')).toBe('2026-04');
    expect(monthOf('2026-03-31T23:59:00+08:00')).toBe('2026-03');
  });

  it('refuses what is not a timestamp', () => {
    expect(() => monthOf('yesterday')).toThrow(/not a timestamp/);
  });
});

describe('month ranges', () => {
  it('lists every month, both ends included, across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthSpan('2025-01', '2026-12')).toBe(24);
  });

  it('has no months when from is after to', () => {
    expect(monthSpan('2026-03', '2026-02')).toBe(0);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
  });
});
