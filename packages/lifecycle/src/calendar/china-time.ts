// China Standard Time is UTC+8 all year (no DST), so a China date is plain arithmetic on the epoch:
// no time-zone database, and the result does not depend on the machine's zone.

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * HOUR_MS;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a China calendar date. */
export type ChinaDay = number;

export function assertInstant(instant: Date, what = 'instant'): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`${what} is not a valid Date`);
  }
}

/** The China date on which an instant falls. */
export function chinaDayOf(instant: Date): ChinaDay {
  assertInstant(instant);
  return Math.floor((instant.getTime() + CHINA_OFFSET_MS) / DAY_MS);
}

/** `YYYY-MM-DD` of the China date on which an instant falls. */
export function chinaDateOf(instant: Date): string {
  return isoDateOf(chinaDayOf(instant));
}

export function isoDateOf(day: ChinaDay): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Parses `YYYY-MM-DD`; null unless it names a real date (so 2025-02-29 is refused). */
export function parseIsoDate(date: string): ChinaDay | null {
  const match = ISO_DATE.exec(date);
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const day = ms / DAY_MS;
  return isoDateOf(day) === date ? day : null;
}

export function yearOf(day: ChinaDay): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export function isWeekend(day: ChinaDay): boolean {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** The last instant of a China date: 23:59:59.999+08:00 (a day-period ends at 24:00). */
export function endOfChinaDay(day: ChinaDay): Date {
  return new Date((day + 1) * DAY_MS - CHINA_OFFSET_MS - 1);
}

/** The last instant of a China calendar year: 31 December 23:59:59.999+08:00. */
export function endOfChinaYear(year: number): Date {
  return new Date(Date.UTC(year + 1, 0, 1) - CHINA_OFFSET_MS - 1);
}

export function addHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * HOUR_MS);
}

/**
 * The China date `months` months after `day`, with the same day of month, or the month's last day
 * when it has no such day (民法典 art. 202): 01-31 + 1 → 02-28 (02-29 in a leap year).
 */
export function addChinaMonths(day: ChinaDay, months: number): ChinaDay {
  const date = new Date(day * DAY_MS);
  const monthIndex = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  // Day 0 of the month after is the last day of this one.
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastOfMonth)) / DAY_MS;
}
