import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lunarMonthStarts, lunarNewYearEve, plusDays, qingming } from './astronomy.ts';
import {
  BusinessCalendar,
  CALENDAR_YEARS,
  CalendarDataError,
  type CalendarYear,
  loadCalendar,
  MissingCalendarYearError,
} from './calendar.ts';
import { addChinaMonths, chinaDateOf, isoDateOf, isWeekend, parseIsoDate } from './china-time.ts';
import cn2025 from './cn-2025.json' with { type: 'json' };
import cn2026 from './cn-2026.json' with { type: 'json' };
import cn2027 from './cn-2027.json' with { type: 'json' };
import cn2028 from './cn-2028.json' with { type: 'json' };
import { statutoryYear } from './statutory.ts';

const calendar = loadCalendar();
const cst = (local: string) => new Date(`${local}+08:00`);
const endOf = (date: string) => cst(`${date}T23:59:59.999`);
const HOUR_MS = 3_600_000;

describe('isWorkingDay', () => {
  it.each([
    ['2025-01-26T10:00', true, 'Sunday worked for the Spring Festival'],
    ['2025-02-08T10:00', true, 'Saturday worked for the Spring Festival'],
    ['2025-10-03T10:00', false, 'Friday inside National Day'],
    ['2025-10-11T10:00', true, 'Saturday worked for National Day'],
    ['2025-10-12T10:00', false, 'ordinary Sunday'],
    ['2025-10-09T10:00', true, 'first weekday after National Day'],
    ['2026-02-14T10:00', true, 'Saturday worked for the Spring Festival'],
    ['2026-02-16T10:00', false, 'Spring Festival Eve'],
    ['2026-01-04T10:00', true, 'Sunday worked for New Year'],
    ['2027-02-05T10:00', false, 'Spring Festival Eve (provisional year)'],
    ['2027-02-09T10:00', true, 'Tuesday after the statutory Spring Festival days'],
    ['2028-01-25T10:00', false, 'Spring Festival Eve (provisional year)'],
    ['2028-10-03T10:00', false, 'National Day and Mid-Autumn on one day (provisional year)'],
    ['2028-10-04T10:00', true, 'Wednesday after the statutory National Day days'],
  ])('%s is a working day: %s (%s)', (local, expected) => {
    expect(calendar.isWorkingDay(cst(local))).toBe(expected);
  });

  it('takes the China date of an instant, not its UTC date', () => {
    // 16:00Z is midnight in China: the same UTC date straddles two China dates.
    expect(calendar.isWorkingDay(new Date('2025-01-25T15:59:59.999Z'))).toBe(false); // Sat 25 Jan
    expect(calendar.isWorkingDay(new Date('2025-01-25T16:00:00.000Z'))).toBe(true); // Sun 26 Jan, worked
    expect(calendar.isWorkingDay(new Date('2025-10-08T15:59:59.999Z'))).toBe(false); // 8 Oct, holiday
    expect(calendar.isWorkingDay(new Date('2025-10-08T16:00:00.000Z'))).toBe(true); // 9 Oct
    expect(chinaDateOf(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
  });

  it('answers for a China date string and refuses a malformed one', () => {
    expect(calendar.isWorkingDate('2025-09-28')).toBe(true);
    expect(calendar.isWorkingDate('2025-10-01')).toBe(false);
    expect(() => calendar.isWorkingDate('2025-02-29')).toThrow(RangeError);
  });
});

describe('addDeadline', () => {
  it('counts 10 working days across the 2025 National Day holiday and its worked weekends', () => {
    // Working days after Fri 26 Sep: Sun 28, Mon 29, Tue 30 Sep; 1–8 Oct off; Thu 9, Fri 10, Sat 11 (worked),
    // Mon 13, Tue 14, Wed 15, Thu 16.
    const end = calendar.addDeadline(cst('2025-09-26T09:00'), { duration: 10, unit: 'working_days' });
    expect(end).toEqual(endOf('2025-10-16'));
    expect(end.toISOString()).toBe('2025-10-16T15:59:59.999Z');
  });

  it('does not count the start day even when it is a working day', () => {
    expect(calendar.addDeadline(cst('2025-03-10T08:00'), { duration: 1, unit: 'working_days' })).toEqual(
      endOf('2025-03-11'),
    );
  });

  it('moves a calendar-day period that ends on a holiday to the next working day', () => {
    // 28 Sep + 5 = Fri 3 Oct, inside National Day: the period runs to Thu 9 Oct.
    expect(calendar.addDeadline(cst('2025-09-28T15:00'), { duration: 5, unit: 'calendar_days' })).toEqual(
      endOf('2025-10-09'),
    );
  });

  it('ends a calendar-day period on its Nth day when that day is worked', () => {
    expect(calendar.addDeadline(cst('2025-03-03T15:00'), { duration: 3, unit: 'calendar_days' })).toEqual(
      endOf('2025-03-06'),
    );
    // Sat 11 Oct 2025 is worked under 调休, so it is not a rest day to extend past.
    expect(calendar.addDeadline(cst('2025-10-06T15:00'), { duration: 5, unit: 'calendar_days' })).toEqual(
      endOf('2025-10-11'),
    );
  });

  it('moves a calendar-day period that ends on an ordinary weekend to the Monday', () => {
    expect(calendar.addDeadline(cst('2025-03-10T15:00'), { duration: 5, unit: 'calendar_days' })).toEqual(
      endOf('2025-03-17'),
    );
  });

  it('counts a calendar-day period from the China date of the start, across midnight UTC', () => {
    // 23:30 China on 1 Mar is still 1 Mar in China (15:30Z); 00:30 China on 2 Mar is 1 Mar in UTC.
    expect(
      calendar.addDeadline(new Date('2025-03-01T15:30:00Z'), { duration: 2, unit: 'calendar_days' }),
    ).toEqual(endOf('2025-03-03'));
    expect(
      calendar.addDeadline(new Date('2025-03-01T16:30:00Z'), { duration: 2, unit: 'calendar_days' }),
    ).toEqual(endOf('2025-03-04'));
  });

  it('adds exact hours across midnight and holidays alike', () => {
    expect(calendar.addDeadline(cst('2025-03-10T22:30'), { duration: 3, unit: 'hours' })).toEqual(
      cst('2025-03-11T01:30'),
    );
    expect(calendar.addDeadline(cst('2025-09-30T20:00'), { duration: 48, unit: 'hours' })).toEqual(
      cst('2025-10-02T20:00'),
    );
  });

  it('crosses years with data', () => {
    // Wed 31 Dec 2025 + 2 working days: 1–3 Jan 2026 off, Sun 4 Jan worked, Mon 5 Jan.
    expect(calendar.addDeadline(cst('2025-12-31T12:00'), { duration: 2, unit: 'working_days' })).toEqual(
      endOf('2026-01-05'),
    );
  });

  it('refuses durations that are not positive, and whole for days', () => {
    const start = cst('2025-03-10T12:00');
    expect(() => calendar.addDeadline(start, { duration: 0, unit: 'working_days' })).toThrow(RangeError);
    expect(() => calendar.addDeadline(start, { duration: 1.5, unit: 'calendar_days' })).toThrow(RangeError);
    expect(() => calendar.addDeadline(start, { duration: -1, unit: 'hours' })).toThrow(RangeError);
    expect(() => calendar.addDeadline(new Date(Number.NaN), { duration: 1, unit: 'hours' })).toThrow(
      RangeError,
    );
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first date up to and including the last, skipping holidays', () => {
    // 2026-10-01..07 is National Day; 10-08 and 10-09 are worked, as is Saturday 10-10.
    expect(calendar.workingDaysBetween(cst('2026-09-30T09:00'), endOf('2026-10-09'))).toBe(2);
    expect(calendar.workingDaysBetween(cst('2026-09-30T09:00'), endOf('2026-10-10'))).toBe(3);
    expect(calendar.workingDaysBetween(cst('2026-09-30T09:00'), endOf('2026-10-07'))).toBe(0);
  });

  it('skips an ordinary weekend and is 0 on the same China date', () => {
    expect(calendar.workingDaysBetween(cst('2026-12-04T10:00'), endOf('2026-12-07'))).toBe(1);
    expect(calendar.workingDaysBetween(cst('2026-12-04T10:00'), cst('2026-12-04T08:00'))).toBe(0);
    // 2026-12-04 23:30 UTC is already Saturday in China.
    expect(calendar.workingDaysBetween(new Date('2026-12-04T23:30:00Z'), endOf('2026-12-07'))).toBe(1);
  });

  it('is negative when the second instant lies on an earlier date, never -0', () => {
    expect(calendar.workingDaysBetween(cst('2026-10-09T09:00'), endOf('2026-09-30'))).toBe(-2);
    expect(Object.is(calendar.workingDaysBetween(cst('2026-12-05T10:00'), endOf('2026-12-04')), 0)).toBe(
      true,
    );
  });

  it('finds N between a start and its deadline of N working days', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2025-01-01T00:00:00Z'),
          max: new Date('2028-11-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 30 }),
        (start, n) => {
          const due = calendar.addDeadline(start, { duration: n, unit: 'working_days' });
          expect(calendar.workingDaysBetween(start, due)).toBe(n);
          expect(calendar.workingDaysBetween(due, start)).toBe(-n);
        },
      ),
    );
  });
});

describe('calendar months', () => {
  const months = (start: Date, duration: number) =>
    calendar.addDeadline(start, { duration, unit: 'calendar_months' });
  const plusMonths = (date: string, n: number) => isoDateOf(addChinaMonths(parseIsoDate(date)!, n));

  it('ends on the same day of month N months on, across a year end', () => {
    expect(plusMonths('2026-01-15', 2)).toBe('2026-03-15');
    expect(plusMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(plusMonths('2026-01-15', 14)).toBe('2027-03-15');
    expect(months(cst('2026-03-31T10:00'), 1)).toEqual(endOf('2026-04-30'));
  });

  it('clamps to the last day of a shorter month, leap years included', () => {
    expect(plusMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(plusMonths('2027-12-31', 2)).toBe('2028-02-29');
    expect(plusMonths('2024-01-30', 1)).toBe('2024-02-29');
    expect(plusMonths('2026-07-31', 2)).toBe('2026-09-30');
    // 2025-12-31 + 2 months: no 31 February, so 28 Feb 2026, a Saturday worked for the Spring Festival.
    expect(months(cst('2025-12-31T12:00'), 2)).toEqual(endOf('2026-02-28'));
    expect(months(cst('2026-07-31T09:00'), 2)).toEqual(endOf('2026-09-30'));
  });

  it('moves a last day that is a holiday or a weekend to the next working day', () => {
    // 1 Oct 2026 is National Day, off until the 7th.
    expect(months(cst('2026-08-01T09:00'), 2)).toEqual(endOf('2026-10-08'));
    // Sun 30 Aug 2026 → Mon 31 Aug.
    expect(months(cst('2026-06-30T09:00'), 2)).toEqual(endOf('2026-08-31'));
  });

  it('counts from the China date of the start, not the UTC one', () => {
    // 17:00 UTC on 18 March is 01:00 on 19 March in China.
    expect(months(new Date('2026-03-18T17:00:00Z'), 2)).toEqual(endOf('2026-05-19'));
  });

  it('refuses a month count that is not a positive whole number', () => {
    expect(() => months(cst('2026-03-10T12:00'), 1.5)).toThrow(RangeError);
    expect(() => months(cst('2026-03-10T12:00'), 0)).toThrow(RangeError);
  });
});

describe('a year without a file', () => {
  it('counts working days in 2029 over weekends and National Day, from the computed year', () => {
    const fresh = loadCalendar();
    // Fri 28 Sep 2029: Sat 29 and Sun 30 are a weekend, 1–3 Oct (Mon–Wed) National Day.
    expect(fresh.addDeadline(cst('2029-09-28T10:00'), { duration: 1, unit: 'working_days' })).toEqual(
      endOf('2029-10-04'),
    );
    // Wed 26 Sep + 5 days = Mon 1 Oct, a holiday: the period runs to Thu 4 Oct.
    expect(fresh.addDeadline(cst('2029-09-26T10:00'), { duration: 5, unit: 'calendar_days' })).toEqual(
      endOf('2029-10-04'),
    );
    expect(fresh.yearData(2029)).toMatchObject({ year: 2029, provisional: true, workdays: [] });
    expect(fresh.fallbackYears).toEqual([2029]);
    expect(fresh.provisionalYears).toEqual([2027, 2028, 2029]);
  });

  it('counts a past year (2020) by the statute then in force', () => {
    const fresh = loadCalendar();
    // Wed 30 Sep 2020 + 1 working day: Thu 1 Oct (National Day and Mid-Autumn), Fri 2, Sat 3, Sun 4.
    expect(fresh.addDeadline(cst('2020-09-30T10:00'), { duration: 1, unit: 'working_days' })).toEqual(
      endOf('2020-10-05'),
    );
    // Sat 26 Sep + 5 days = Thu 1 Oct: the period runs to Mon 5 Oct.
    expect(fresh.addDeadline(cst('2020-09-26T10:00'), { duration: 5, unit: 'calendar_days' })).toEqual(
      endOf('2020-10-05'),
    );
    // Before 2025: no 除夕 off, Labour Day is 1 May only (the 2007 revision).
    expect(fresh.isWorkingDate('2020-01-24')).toBe(true); // 除夕, a Friday
    expect(fresh.isWorkingDate('2020-01-25')).toBe(false); // 春节
    expect(fresh.isWorkingDate('2020-05-01')).toBe(false);
    expect(fresh.isWorkingDate('2020-04-30')).toBe(true);
  });

  it('tells each listener once per computed year, those computed before it too', () => {
    const fresh = loadCalendar([2025]);
    const told: number[] = [];
    fresh.isWorkingDate('2024-06-03');
    const remove = fresh.onFallback((data) => told.push(data.year));
    fresh.addDeadline(cst('2025-12-30T10:00'), { duration: 5, unit: 'working_days' });
    fresh.isWorkingDate('2026-06-03');
    fresh.isWorkingDate('2024-06-04');
    expect(told).toEqual([2024, 2026]);
    remove();
    fresh.isWorkingDate('2030-01-02');
    expect(told).toEqual([2024, 2026]);
    expect(fresh.fallbackYears).toEqual([2024, 2026, 2030]);
  });

  it('says whether a count crossed a provisional year', () => {
    const fresh = loadCalendar();
    expect(fresh.isProvisional(cst('2025-03-01T00:00'), cst('2026-12-31T00:00'))).toBe(false);
    expect(fresh.isProvisional(cst('2026-12-01T00:00'), cst('2027-01-05T00:00'))).toBe(true);
    expect(fresh.isProvisional(cst('2023-05-01T00:00'), cst('2023-06-01T00:00'))).toBe(true);
  });

  it('throws MissingCalendarYearError naming the year when it has no fallback', () => {
    const only2025 = loadCalendar([2025], { fallback: null });
    expect(() => only2025.isWorkingDay(cst('2024-06-03T10:00'))).toThrow(MissingCalendarYearError);
    const error = captureError(() =>
      only2025.addDeadline(cst('2025-12-30T10:00'), { duration: 5, unit: 'working_days' }),
    );
    expect(error).toBeInstanceOf(MissingCalendarYearError);
    expect((error as MissingCalendarYearError).year).toBe(2026);
    expect((error as Error).message).toContain('2026');
  });

  it('needs no calendar for a deadline in hours', () => {
    const strict = loadCalendar([2025], { fallback: null });
    expect(strict.addDeadline(cst('2030-01-01T00:00'), { duration: 1, unit: 'hours' })).toEqual(
      cst('2030-01-01T01:00'),
    );
  });

  it('refuses to load a year that does not ship', () => {
    const error = captureError(() => loadCalendar([2025, 2024]));
    expect(error).toBeInstanceOf(MissingCalendarYearError);
    expect((error as MissingCalendarYearError).year).toBe(2024);
  });

  it('assertCovers computes the missing years, or without a fallback throws for the first', () => {
    const fresh = loadCalendar();
    fresh.assertCovers(cst('2026-06-01T00:00'), cst('2029-01-01T00:30'));
    expect(fresh.fallbackYears).toEqual([2029]);
    const strict = loadCalendar(CALENDAR_YEARS, { fallback: null });
    expect(() => strict.assertCovers(cst('2025-01-01T00:00'), cst('2028-12-31T23:59'))).not.toThrow();
    const error = captureError(() => strict.assertCovers(cst('2026-06-01T00:00'), cst('2029-01-01T00:30')));
    expect((error as MissingCalendarYearError).year).toBe(2029);
    // 2028-12-31T16:30Z is already 1 Jan 2029 in China.
    expect(() => strict.assertCovers(cst('2026-06-01T00:00'), new Date('2028-12-31T16:30:00Z'))).toThrow(
      MissingCalendarYearError,
    );
    expect(() => strict.assertCovers(cst('2026-01-01T00:00'), cst('2025-01-01T00:00'))).toThrow(RangeError);
  });
});

describe('statutoryYear', () => {
  const datesOf = (data: CalendarYear) => data.holidays.map((d) => d.date);

  it.each([
    [2027, cn2027],
    [2028, cn2028],
  ] as const)('%i: computes the days of the provisional file', (year, file) => {
    expect(datesOf(statutoryYear(year))).toEqual(datesOf(file));
  });

  it.each([
    [2025, cn2025],
    [2026, cn2026],
  ] as const)('%i: every computed day is a day off of the notice', (year, file) => {
    const computed = statutoryYear(year);
    expect(computed.holidays).toHaveLength(13);
    for (const date of datesOf(computed)) expect(datesOf(file), date).toContain(date);
  });

  it('names a day of two holidays once, under both', () => {
    expect(statutoryYear(2028).holidays.find((d) => d.date === '2028-10-03')?.name).toBe('国庆节、中秋节');
    expect(statutoryYear(2020).holidays.find((d) => d.date === '2020-10-01')?.name).toBe('国庆节、中秋节');
  });

  // The library's lunar dates and 清明 against astronomy.ts, for the years the fallback is tested on.
  it.each([2020, 2023, 2029, 2030])('%i: the lunar days and 清明 agree with astronomy', (year) => {
    const computed = statutoryYear(year);
    const months = lunarMonthStarts(year);
    const named = (name: string) => computed.holidays.filter((d) => d.name.includes(name)).map((d) => d.date);
    expect(named('春节')[year >= 2025 ? 1 : 0]).toBe(months.first);
    expect(plusDays(months.first, -1)).toBe(lunarNewYearEve(year));
    expect(named('清明节')).toEqual([qingming(year)]);
    expect(named('端午节')).toEqual([plusDays(months.fifth, 4)]);
    expect(named('中秋节')).toEqual([plusDays(months.eighth, 14)]);
  });
});

describe('calendar data', () => {
  const files: CalendarYear[] = [cn2025, cn2026, cn2027, cn2028];

  it('ships one file per year in CALENDAR_YEARS; only the years without their notice are provisional', () => {
    expect(files.map((f) => f.year)).toEqual([...CALENDAR_YEARS]);
    expect(loadCalendar().years).toEqual([2025, 2026, 2027, 2028]);
    expect(loadCalendar().provisionalYears).toEqual([2027, 2028]);
    for (const file of files) expect(file.source).not.toBe('');
  });

  it.each(files.map((f) => [f.year, f] as const))(
    '%i: dates are real dates of its own year, none listed twice or in both lists',
    (year, file) => {
      const holidays = file.holidays.map((d) => d.date);
      const workdays = file.workdays.map((d) => d.date);
      for (const date of [...holidays, ...workdays]) {
        expect(parseIsoDate(date), date).not.toBeNull();
        expect(date.startsWith(`${year}-`), date).toBe(true);
      }
      expect(new Set(holidays).size).toBe(holidays.length);
      expect(new Set(workdays).size).toBe(workdays.length);
      expect(holidays.filter((date) => workdays.includes(date))).toEqual([]);
    },
  );

  it.each(files.map((f) => [f.year, f] as const))('%i: every worked day is a weekend day', (_year, file) => {
    for (const { date } of file.workdays) expect(isWeekend(parseIsoDate(date)!), date).toBe(true);
  });

  it.each(files.map((f) => [f.year, f] as const))(
    '%i: each named holiday is one unbroken run of days',
    (_year, file) => {
      for (const [name, days] of byName(file.holidays)) {
        const numbers = days.map((d) => parseIsoDate(d.date)!).sort((a, b) => a - b);
        expect(numbers.at(-1)! - numbers[0]! + 1, name).toBe(numbers.length);
      }
    },
  );

  // Holiday blocks include their weekend days, so a holiday may fall on a weekend. What holds instead
  // (全国年节及纪念日放假办法 as revised in 2024: 13 statutory days, those falling on a weekend made up on a
  // weekday): a notice's weekday days off, less the weekends it makes worked, come to exactly 13.
  it.each(files.filter((f) => !f.provisional).map((f) => [f.year, f] as const))(
    '%i: weekday days off net of worked weekends equal the 13 statutory days',
    (_year, file) => {
      const weekdaysOff = file.holidays.filter((d) => !isWeekend(parseIsoDate(d.date)!)).length;
      expect(file.holidays.some((d) => isWeekend(parseIsoDate(d.date)!))).toBe(true);
      expect(weekdaysOff - file.workdays.length).toBe(13);
    },
  );

  it('2027 (provisional) lists exactly the 13 statutory days and no worked weekends', () => {
    expect(cn2027.provisional).toBe(true);
    expect(cn2027.workdays).toEqual([]);
    const counts = Object.fromEntries(
      [...byName(cn2027.holidays)].map(([name, days]) => [name, days.length]),
    );
    expect(counts).toEqual({ 元旦: 1, 春节: 4, 清明节: 1, 劳动节: 2, 端午节: 1, 中秋节: 1, 国庆节: 3 });
    expect(cn2027.holidays.filter((d) => d.name === '春节').map((d) => d.date)).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
    ]);
  });

  it('2028 (provisional) lists the 13 statutory days, Mid-Autumn on National Day, and no worked weekends', () => {
    expect(cn2028.provisional).toBe(true);
    expect(cn2028.workdays).toEqual([]);
    const counts = Object.fromEntries(
      [...byName(cn2028.holidays)].map(([name, days]) => [name, days.length]),
    );
    // 中秋节 (the 15th of the 8th lunar month) is 3 October 2028, one of the three National Day days.
    expect(counts).toEqual({ 元旦: 1, 春节: 4, 清明节: 1, 劳动节: 2, 端午节: 1, '国庆节、中秋节': 3 });
    expect(cn2028.source).toContain('10月3日');
  });

  // The lunar and solar-term dates, checked against astronomy rather than copied (astronomy.ts):
  // 除夕 is the day before the new moon that begins the first month, 端午 and 中秋 the 5th and 15th
  // day of the 5th and 8th months, 清明 the day the Sun reaches longitude 15°, all in China time. The
  // years with a notice show that astronomy.ts agrees with the State Council; the provisional years
  // are then held to it. (The new moons nearest midnight: 2027-02-06 23:56 and 2028-01-26 23:13.)
  it.each([
    [2025, cn2025, { 除夕: '2025-01-28', 清明节: '2025-04-04', 端午节: '2025-05-31', 中秋节: '2025-10-06' }],
    [2026, cn2026, { 除夕: '2026-02-16', 清明节: '2026-04-05', 端午节: '2026-06-19', 中秋节: '2026-09-25' }],
    [2027, cn2027, { 除夕: '2027-02-05', 清明节: '2027-04-05', 端午节: '2027-06-09', 中秋节: '2027-09-15' }],
    [2028, cn2028, { 除夕: '2028-01-25', 清明节: '2028-04-04', 端午节: '2028-05-28', 中秋节: '2028-10-03' }],
  ] as const)('%i: the lunar holidays and 清明 fall on their astronomical dates', (year, file, expected) => {
    const months = lunarMonthStarts(year);
    expect({
      除夕: lunarNewYearEve(year),
      清明节: qingming(year),
      端午节: plusDays(months.fifth, 4),
      中秋节: plusDays(months.eighth, 14),
    }).toEqual(expected);
    const nameOf = (date: string) => file.holidays.find((d) => d.date === date)?.name ?? '';
    expect(nameOf(expected.除夕)).toBe('春节');
    expect(nameOf(expected.清明节)).toBe('清明节');
    expect(nameOf(expected.端午节)).toBe('端午节');
    expect(nameOf(expected.中秋节)).toContain('中秋节');
  });

  it('refuses inconsistent data', () => {
    const base = { year: 2030, source: 'test', provisional: true, workdays: [] };
    const day = (date: string) => ({ date, name: 'x' });
    expect(() => new BusinessCalendar([{ ...base, holidays: [day('2031-01-01')] }])).toThrow(
      CalendarDataError,
    );
    expect(() => new BusinessCalendar([{ ...base, holidays: [day('2030-02-30')] }])).toThrow(
      CalendarDataError,
    );
    expect(
      () => new BusinessCalendar([{ ...base, holidays: [day('2030-01-05')], workdays: [day('2030-01-05')] }]),
    ).toThrow(CalendarDataError);
    expect(
      () =>
        new BusinessCalendar([
          { ...base, holidays: [] },
          { ...base, holidays: [] },
        ]),
    ).toThrow(CalendarDataError);
  });
});

describe('properties', () => {
  // Starts from 2025-01-01 to 2028-09-30 China time: far enough from the end of the data for 40 days.
  const starts = fc
    .integer({ min: Date.parse('2024-12-31T16:00:00Z'), max: Date.parse('2028-09-30T15:59:59Z') })
    .map((ms) => new Date(ms));
  const isEndOfChinaDay = (instant: Date) => (instant.getTime() + 1 + 8 * HOUR_MS) % (24 * HOUR_MS) === 0;

  it('working days: N+1 ends after N, and each ends at the end of a working day', () => {
    fc.assert(
      fc.property(starts, fc.integer({ min: 1, max: 40 }), (start, n) => {
        const nth = calendar.addDeadline(start, { duration: n, unit: 'working_days' });
        const next = calendar.addDeadline(start, { duration: n + 1, unit: 'working_days' });
        expect(next.getTime()).toBeGreaterThan(nth.getTime());
        expect(isEndOfChinaDay(nth)).toBe(true);
        expect(calendar.isWorkingDay(nth)).toBe(true);
        expect(chinaDateOf(nth) > chinaDateOf(start)).toBe(true);
      }),
    );
  });

  it('calendar days: ends at the end of a working day, on day N or the first working day after it', () => {
    fc.assert(
      fc.property(starts, fc.integer({ min: 1, max: 40 }), (start, n) => {
        const end = calendar.addDeadline(start, { duration: n, unit: 'calendar_days' });
        const nominal = new Date(start.getTime() + n * 24 * HOUR_MS);
        expect(isEndOfChinaDay(end)).toBe(true);
        expect(calendar.isWorkingDay(end)).toBe(true);
        expect(chinaDateOf(end) >= chinaDateOf(nominal)).toBe(true);
        // Every day between the nominal last day and the end is a day off.
        for (let t = nominal.getTime(); chinaDateOf(new Date(t)) < chinaDateOf(end); t += 24 * HOUR_MS) {
          expect(calendar.isWorkingDay(new Date(t))).toBe(false);
        }
      }),
    );
  });
});

// Node 20 has no Map.groupBy.
function byName<T extends { name: string }>(days: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const day of days) groups.set(day.name, [...(groups.get(day.name) ?? []), day]);
  return groups;
}

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
