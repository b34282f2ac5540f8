import { describe, expect, it } from 'vitest';
import { BusinessCalendar, loadCalendar } from './calendar.ts';
import { endOfChinaYear } from './china-time.ts';

// The end of the year in China Standard Time (seed 003 §三: 年度内), the boundary of the annual
// quota deduction. UTC+8: 31 December 24:00 in Beijing is 31 December 16:00 UTC.

const calendar = loadCalendar();
const yearEnd = (start: Date, duration = 1) => calendar.addDeadline(start, { duration, unit: 'year_end' });

describe('year_end deadlines', () => {
  it('end at 31 December 23:59:59.999 China time of the year the count starts in', () => {
    expect(yearEnd(new Date('2026-03-10T10:00:00+08:00')).toISOString()).toBe('2026-12-31T15:59:59.999Z');
    expect(endOfChinaYear(2026)).toEqual(new Date('2026-12-31T23:59:59.999+08:00'));
  });

  it('take the China year of the start: 31 Dec 23:59:59 CST is still that year, 1 Jan 00:00 CST the next', () => {
    // 2026-12-31T15:59:59Z is 23:59:59 on 31 December in Beijing.
    expect(yearEnd(new Date('2026-12-31T23:59:59+08:00'))).toEqual(endOfChinaYear(2026));
    // 2026-12-31T16:00:00Z is already 1 January 2027 in Beijing, though still 2026 in UTC.
    expect(yearEnd(new Date('2027-01-01T00:00:00+08:00'))).toEqual(endOfChinaYear(2027));
    expect(yearEnd(new Date('2026-12-31T16:00:00Z')).toISOString()).toBe('2027-12-31T15:59:59.999Z');
  });

  it('fall due at the last millisecond of the year, so 1 January 00:00 CST is past it', () => {
    const due = yearEnd(new Date('2026-06-01T09:00:00+08:00'));
    expect(due < new Date('2027-01-01T00:00:00+08:00')).toBe(true);
    expect(due >= new Date('2026-12-31T23:59:59+08:00')).toBe(true);
    expect(due.getTime() + 1).toBe(new Date('2027-01-01T00:00:00+08:00').getTime());
  });

  it('count N - 1 years on for N > 1, and refuse a count that is not a positive whole number', () => {
    expect(yearEnd(new Date('2026-03-10T10:00:00+08:00'), 2)).toEqual(endOfChinaYear(2027));
    expect(() => yearEnd(new Date('2026-03-10T10:00:00+08:00'), 0)).toThrow(RangeError);
    expect(() => yearEnd(new Date('2026-03-10T10:00:00+08:00'), 1.5)).toThrow(RangeError);
  });

  it('need no holiday data and are not moved off a holiday (1 January is one; the year is over)', () => {
    const noYears = new BusinessCalendar([]);
    expect(
      noYears.addDeadline(new Date('2031-05-01T09:00:00+08:00'), { duration: 1, unit: 'year_end' }),
    ).toEqual(endOfChinaYear(2031));
  });
});
