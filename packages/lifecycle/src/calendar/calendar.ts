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

// The business calendar of mainland China. Which days are holidays, and which weekends are worked
// instead (调休), is decided each year by a State Council General Office notice, so it is data:
// one cn-<year>.json per year. A year without data is an error, never a guess from weekdays.
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
  readonly #years: ReadonlyMap<number, YearIndex>;

  constructor(years: readonly CalendarYear[]) {
    const index = new Map<number, YearIndex>();
    for (const data of years) {
      if (!Number.isInteger(data.year))
        throw new CalendarDataError(`calendar year ${data.year} is not a year`);
      if (index.has(data.year)) throw new CalendarDataError(`calendar year ${data.year} given twice`);
      const holidays = indexDays(data, 'holidays');
      const workdays = indexDays(data, 'workdays');
      for (const day of workdays.keys()) {
        if (holidays.has(day)) {
          throw new CalendarDataError(
            `calendar ${data.year}: ${isoDateOf(day)} is both a holiday and a workday`,
          );
        }
      }
      index.set(data.year, { data, holidays, workdays });
    }
    this.#years = index;
  }

  /** The years this calendar holds, ascending. */
  get years(): number[] {
    return [...this.#years.keys()].sort((a, b) => a - b);
  }

  /** Years whose data follow the statute only, pending their notice. */
  get provisionalYears(): number[] {
    return this.years.filter((year) => this.#years.get(year)!.data.provisional);
  }

  /** The data of one year; throws MissingCalendarYearError when it is not held. */
  yearData(year: number): CalendarYear {
    return this.#index(year).data;
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
   * Throws MissingCalendarYearError when a day the count needs lies in a year without data.
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
   * Throws MissingCalendarYearError for the first China year between `from` and `to` (inclusive)
   * without data: a service checks at start-up that the deadlines it will compute are covered.
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
    if (!found) throw new MissingCalendarYearError(year);
    return found;
  }

  #isWorking(day: ChinaDay): boolean {
    const { holidays, workdays } = this.#index(yearOf(day));
    if (workdays.has(day)) return true;
    if (holidays.has(day)) return false;
    return !isWeekend(day);
  }
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

/** A calendar of the bundled years (all of them by default); an unknown year throws. */
export function loadCalendar(years: readonly number[] = CALENDAR_YEARS): BusinessCalendar {
  return new BusinessCalendar(
    years.map((year) => {
      const data = BUNDLED.get(year);
      if (!data) throw new MissingCalendarYearError(year);
      return data;
    }),
  );
}
