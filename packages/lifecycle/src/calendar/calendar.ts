import type { DeadlineUnit } from '../rules.ts';
import {
  addChinaMonths,
  addHours,
  assertInstant,
  type ChinaDay,
  chinaDayOf,
  endOfChinaDay,
  endOfChinaYear,
  isoDateOf,
  isWeekend,
  parseIsoDate,
  yearOf,
} from './china-time.ts';
import cn2025 from './cn-2025.json' with { type: 'json' };
import cn2026 from './cn-2026.json' with { type: 'json' };
import cn2027 from './cn-2027.json' with { type: 'json' };
import cn2028 from './cn-2028.json' with { type: 'json' };
import { statutoryYear } from './statutory.ts';

// The business calendar of mainland China. Which days are holidays, and which weekends are worked
// instead (调休), is decided each year by a State Council General Office notice, so it is data:
// one cn-<year>.json per year. A year without a file falls back to its statutory days, computed
// and marked provisional (statutory.ts): a missing notice must not stop the deadlines of a year,
// past or future, and a count over such a year says it may differ from the official one.
// When a year's file is needed and how to add one: packages/lifecycle/README.md, "Business calendar".

export interface CalendarDay {
  /** China date, `YYYY-MM-DD`. */
  date: string;
  /** The holiday it belongs to (for a workday: the holiday the swapped weekend serves). */
  name: string;
}

export interface CalendarYear {
  year: number;
  /** The notice (or, while it is not yet published, the statute) the data follow. */
  source: string;
  /** True while the year follows the statutory days only, before its notice is issued. */
  provisional: boolean;
  /** Days off, including the weekend days inside a holiday block. */
  holidays: readonly CalendarDay[];
  /** Weekend days worked in exchange for holiday days (调休上班). */
  workdays: readonly CalendarDay[];
}

export interface DeadlineDuration {
  duration: number;
  unit: DeadlineUnit;
}

/**
 * How a calendar answers for a year it holds no data of. Default: `statutoryYear`, the computed
 * provisional year; `null`: MissingCalendarYearError (a test of the shipped data, say).
 */
export type CalendarFallback = ((year: number) => CalendarYear) | null;

export interface BusinessCalendarOptions {
  fallback?: CalendarFallback;
}

/** Told once per year a calendar has had to compute. */
export type FallbackListener = (data: CalendarYear) => void;

export class MissingCalendarYearError extends Error {
  constructor(readonly year: number) {
    super(`no business calendar for ${year}: add cn-${year}.json once its holiday notice is known`);
    this.name = 'MissingCalendarYearError';
  }
}

export class CalendarDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarDataError';
  }
}

interface YearIndex {
  data: CalendarYear;
  holidays: ReadonlyMap<ChinaDay, string>;
  workdays: ReadonlyMap<ChinaDay, string>;
}

export class BusinessCalendar {
  readonly #years = new Map<number, YearIndex>();
  readonly #fallback: CalendarFallback;
  readonly #computed = new Set<number>();
  readonly #listeners = new Set<FallbackListener>();

  constructor(years: readonly CalendarYear[], options: BusinessCalendarOptions = {}) {
    this.#fallback = options.fallback === undefined ? statutoryYear : options.fallback;
    for (const data of years) {
      if (this.#years.has(data.year)) throw new CalendarDataError(`calendar year ${data.year} given twice`);
      this.#years.set(data.year, indexYear(data));
    }
  }

  /** The years this calendar has data of, ascending: given ones and those computed so far. */
  get years(): number[] {
    return [...this.#years.keys()].sort((a, b) => a - b);
  }

  /** Years whose data follow the statute only, pending their notice (computed ones included). */
  get provisionalYears(): number[] {
    return this.years.filter((year) => this.#years.get(year)!.data.provisional);
  }

  /** Years computed so far for want of data, ascending. */
  get fallbackYears(): number[] {
    return [...this.#computed].sort((a, b) => a - b);
  }

  /**
   * Calls `listener` for each year computed so far and each one computed from now on, once per
   * year. Returns the function that removes it.
   */
  onFallback(listener: FallbackListener): () => void {
    this.#listeners.add(listener);
    for (const year of this.fallbackYears) listener(this.#years.get(year)!.data);
    return () => this.#listeners.delete(listener);
  }

  /** The data of one year (computed when it has no file, see CalendarFallback). */
  yearData(year: number): CalendarYear {
    return this.#index(year).data;
  }

  /**
   * Whether a count from `from` to `to` crosses a China year whose data are provisional (a
   * statutory-only file or a computed year): its end may move once the year's notice is out.
   */
  isProvisional(from: Date, to: Date): boolean {
    const [first, last] = [yearOf(chinaDayOf(from)), yearOf(chinaDayOf(to))].sort((a, b) => a - b);
    for (let year = first!; year <= last!; year += 1) {
      if (this.#index(year).data.provisional) return true;
    }
    return false;
  }

  /** Whether the China date on which `instant` falls is a working day. */
  isWorkingDay(instant: Date): boolean {
    return this.#isWorking(chinaDayOf(instant));
  }

  /** Whether a China date (`YYYY-MM-DD`) is a working day. */
  isWorkingDate(date: string): boolean {
    const day = parseIsoDate(date);
    if (day === null) throw new RangeError(`'${date}' is not a YYYY-MM-DD date`);
    return this.#isWorking(day);
  }

  /**
   * When a period that starts at `start` ends, in China Standard Time.
   *
   * - `hours`: exactly that many hours after `start`; the calendar is not consulted.
   * - `calendar_days`: the start day is not counted (民法典 art. 201: the count begins the next
   *   day), so the period ends at 24:00 (23:59:59.999+08:00) of the China date `start` + N. When that
   *   last day is not a working day — a public holiday or a weekend that is not worked — the period
   *   ends on the first working day after it (民法典 art. 203, 民事诉讼法 on periods: a last day that
   *   is a 法定休假日 gives way to the day after it; a weekend worked under 调休 is not a rest day).
   * - `working_days`: the end (23:59:59.999+08:00) of the Nth working day after the start day; the
   *   start day is not counted even when it is a working day.
   * - `calendar_months`: the last day is the day of month N months after the start day's month with
   *   the start day's number (民法典 art. 202: 到期月的对应日); a month without that day ends on its last
   *   day (01-31 + 1 month → 02-28, or 02-29 in a leap year). The period ends at 24:00 China time of
   *   that day, moved to the next working day as for `calendar_days` (民法典 art. 203).
   *
   * - `year_end`: the end (31 December 23:59:59.999+08:00) of the China calendar year in which the
   *   start falls (N = 1), or N - 1 years later. Never moved: a holiday on 31 December does not
   *   carry the year over, and no holiday data is needed.
   *
   * A day the count needs in a year without data is answered by the fallback (see CalendarFallback).
   */
  addDeadline(start: Date, { duration, unit }: DeadlineDuration): Date {
    assertInstant(start, 'deadline start');
    if (unit === 'hours') {
      if (!Number.isFinite(duration) || duration <= 0) {
        throw new RangeError(`deadline of ${duration} hours: hours must be a positive number`);
      }
      return addHours(start, duration);
    }
    if (!Number.isSafeInteger(duration) || duration <= 0) {
      throw new RangeError(`deadline of ${duration} ${unit}: must be a positive whole number`);
    }
    const startDay = chinaDayOf(start);
    if (unit === 'year_end') return endOfChinaYear(yearOf(startDay) + duration - 1);
    if (unit === 'calendar_days') {
      let last = startDay + duration;
      while (!this.#isWorking(last)) last += 1;
      return endOfChinaDay(last);
    }
    if (unit === 'calendar_months') {
      let last = addChinaMonths(startDay, duration);
      while (!this.#isWorking(last)) last += 1;
      return endOfChinaDay(last);
    }
    if (unit === 'working_days') {
      let day = startDay;
      for (let counted = 0; counted < duration; ) {
        day += 1;
        if (this.#isWorking(day)) counted += 1;
      }
      return endOfChinaDay(day);
    }
    throw new RangeError(`unknown deadline unit '${unit satisfies never}'`);
  }

  /**
   * The working days from `from` to `to`, counted on China dates as a deadline is: the working days
   * after the China date of `from` up to and including that of `to` (so a deadline of N working
   * days started at `from` is N away). When `to` lies on an earlier date, minus the working days
   * after the date of `to` up to and including that of `from`; 0 on the same date.
   */
  workingDaysBetween(from: Date, to: Date): number {
    assertInstant(from, 'from');
    assertInstant(to, 'to');
    const [a, b] = [chinaDayOf(from), chinaDayOf(to)];
    const [first, last] = a <= b ? [a, b] : [b, a];
    let counted = 0;
    for (let day = first + 1; day <= last; day += 1) if (this.#isWorking(day)) counted += 1;
    return a <= b || counted === 0 ? counted : -counted;
  }

  /**
   * Makes sure every China year between `from` and `to` (inclusive) has data: computes the missing
   * ones (so a service learns at start-up which years it will count on computed data), or, without
   * a fallback, throws MissingCalendarYearError for the first.
   */
  assertCovers(from: Date, to: Date): void {
    const first = yearOf(chinaDayOf(from));
    const last = yearOf(chinaDayOf(to));
    if (first > last)
      throw new RangeError(`assertCovers: ${from.toISOString()} is after ${to.toISOString()}`);
    for (let year = first; year <= last; year += 1) this.#index(year);
  }

  #index(year: number): YearIndex {
    const found = this.#years.get(year);
    if (found) return found;
    if (!this.#fallback) throw new MissingCalendarYearError(year);
    const computed = indexYear({ ...this.#fallback(year), provisional: true });
    if (computed.data.year !== year) {
      throw new CalendarDataError(`the fallback for ${year} gave year ${computed.data.year}`);
    }
    this.#years.set(year, computed);
    this.#computed.add(year);
    for (const listener of this.#listeners) {
      // Whoever listens (a log, a metric) must not break the count.
      try {
        listener(computed.data);
      } catch {}
    }
    return computed;
  }

  #isWorking(day: ChinaDay): boolean {
    const { holidays, workdays } = this.#index(yearOf(day));
    if (workdays.has(day)) return true;
    if (holidays.has(day)) return false;
    return !isWeekend(day);
  }
}

function indexYear(data: CalendarYear): YearIndex {
  if (!Number.isInteger(data.year)) throw new CalendarDataError(`calendar year ${data.year} is not a year`);
  const holidays = indexDays(data, 'holidays');
  const workdays = indexDays(data, 'workdays');
  for (const day of workdays.keys()) {
    if (holidays.has(day)) {
      throw new CalendarDataError(`calendar ${data.year}: ${isoDateOf(day)} is both a holiday and a workday`);
    }
  }
  return { data, holidays, workdays };
}

function indexDays(data: CalendarYear, list: 'holidays' | 'workdays'): Map<ChinaDay, string> {
  const days = new Map<ChinaDay, string>();
  for (const { date, name } of data[list]) {
    const day = parseIsoDate(date);
    if (day === null) throw new CalendarDataError(`calendar ${data.year} ${list}: '${date}' is not a date`);
    if (yearOf(day) !== data.year) {
      throw new CalendarDataError(`calendar ${data.year} ${list}: ${date} is outside the year`);
    }
    if (days.has(day)) throw new CalendarDataError(`calendar ${data.year} ${list}: ${date} listed twice`);
    days.set(day, name);
  }
  return days;
}

const BUNDLED: ReadonlyMap<number, CalendarYear> = new Map(
  [cn2025, cn2026, cn2027, cn2028].map((data): [number, CalendarYear] => [data.year, data]),
);

/** The years whose calendar ships with this package. */
export const CALENDAR_YEARS: readonly number[] = Object.freeze([...BUNDLED.keys()]);

/**
 * A calendar of the bundled years (all of them by default; naming one without a file throws);
 * any other year is computed as `options.fallback` says (statutory days, provisional, by default).
 */
export function loadCalendar(
  years: readonly number[] = CALENDAR_YEARS,
  options: BusinessCalendarOptions = {},
): BusinessCalendar {
  return new BusinessCalendar(
    years.map((year) => {
      const data = BUNDLED.get(year);
      if (!data) throw new MissingCalendarYearError(year);
      return data;
    }),
    options,
  );
}
