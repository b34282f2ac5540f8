import { FormatRegistry } from '@sinclair/typebox';

// The one meaning of `format: 'date-time'` in landcase. The event catalogue (TypeBox) and every HTTP
// schema (ajv) check timestamps with this function, so a request can never carry a timestamp the
// catalogue then refuses. ajv-formats alone is looser than this: it takes a space for the 'T', an
// offset without minutes (`+08`) and the leap second `23:59:60`, none of which a JavaScript Date
// can hold, so every deadline computed from them would be wrong or throw.

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

const isLeapYear = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * An RFC 3339 date-time with a UTC offset (`Z` or `±hh:mm`) naming a real instant of the calendar:
 * a day the month has, hours to 23, minutes and seconds to 59. A leap second (`:60`) is refused:
 * neither the system clock nor the business calendar knows one, so `23:59:59` stands for it.
 */
export function isTimestamp(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12) return false;
  const days = month === 2 && isLeapYear(year) ? 29 : DAYS[month - 1]!;
  if (day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return false;
  if (m[8] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return false;
  return Number.isFinite(Date.parse(value));
}

export const TIMESTAMP_REASON =
  'must be an RFC 3339 date-time with an offset, e.g. 2026-03-02T09:00:00+08:00 (no leap second :60)';

/** The string formats the catalogue's schemas use, for any validator to register. */
export const CATALOGUE_FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  'date-time': isTimestamp,
};

/** Why a string failed a catalogue format, in the words a client can act on. */
export const FORMAT_REASONS: Readonly<Record<string, string>> = { 'date-time': TIMESTAMP_REASON };

/** TypeBox knows no formats until they are registered; the catalogue's own are set on import. */
export function registerCatalogueFormats(): void {
  for (const [name, check] of Object.entries(CATALOGUE_FORMATS)) FormatRegistry.Set(name, check);
}

registerCatalogueFormats();
