// Months of the statistics: `YYYY-MM` in China Standard Time (UTC+08:00, no daylight saving), the
// calendar the agencies report by, whatever offset a timestamp was written with.

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

export const MONTH_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])$';

/** The CST month an RFC 3339 instant falls in: `2026-03-31T17:00:00Z` is `2026-04`. */
export function monthOf(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: ${instant}`);
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 7);
}

const indexOf = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthAt = (index: number): string =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

/** How many months `from`..`to` spans, both included; 0 or less when `from` is after `to`. */
export const monthSpan = (from: string, to: string): number => indexOf(to) - indexOf(from) + 1;

/** Every month from `from` to `to`, both included, in order. */
export function monthsBetween(from: string, to: string): string[] {
  const start = indexOf(from);
  return Array.from({ length: Math.max(0, monthSpan(from, to)) }, (_, i) => monthAt(start + i));
}
