// Lunar months and solar terms from astronomy, for the calendar tests to check the dates of a
// provisional cn-<year>.json (Spring Festival, Qingming, Dragon Boat, Mid-Autumn) instead of trusting
// a copy, and the lunar-typescript dates of a computed year (statutory.ts). Holidays are decided by
// notice, so a year with a file is data; only a year without one is computed, and marked provisional.
// Meeus, Astronomical Algorithms (2nd ed.): the Sun's apparent longitude (ch. 25, low accuracy,
// about 0.01°, a quarter of an hour) and the true new moon (ch. 49, main terms, a few minutes); the
// Chinese calendar rules of 1645 on China Standard Time (UTC+8). Good for dates whose event is not
// within minutes of midnight, which the tests state for the years they check.

const DAY_MS = 86_400_000;
const RAD = Math.PI / 180;
/** ΔT, terrestrial minus universal time, near 2027 (about 70 s). */
const DELTA_T_DAYS = 70 / 86_400;

const julianDay = (ms: number) => ms / DAY_MS + 2_440_587.5;
const msOf = (jd: number) => (jd - 2_440_587.5) * DAY_MS;

/** Days since 1970-01-01 of the China date an instant falls on. */
const chinaDay = (ms: number) => Math.floor((ms + 8 * 3_600_000) / DAY_MS);
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Adds days to a `YYYY-MM-DD` date. */
export const plusDays = (iso: string, days: number) => isoOf(Date.parse(`${iso}T00:00:00Z`) / DAY_MS + days);

/** The Sun's apparent ecliptic longitude in degrees at an instant. */
export function sunLongitude(ms: number): number {
  const t = (julianDay(ms) + DELTA_T_DAYS - 2_451_545) / 36_525;
  const l0 = 280.46646 + 36_000.76983 * t + 0.0003032 * t * t;
  const m = (357.52911 + 35_999.05029 * t - 0.0001537 * t * t) * RAD;
  const c =
    (1.914602 - 0.004817 * t - 0.000014 * t * t) * Math.sin(m) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * m) +
    0.000289 * Math.sin(3 * m);
  const omega = (125.04 - 1934.136 * t) * RAD;
  return (((l0 + c - 0.00569 - 0.00478 * Math.sin(omega)) % 360) + 360) % 360;
}

/** The instant, within a minute, at which the Sun reaches `longitude` in the 40 days after `fromMs`. */
export function solarTerm(longitude: number, fromMs: number): number {
  const past = (ms: number) => (sunLongitude(ms) - longitude + 360) % 360 < 180;
  let lo = fromMs;
  let hi = fromMs + 40 * DAY_MS;
  if (past(lo) || !past(hi)) throw new RangeError(`the Sun does not reach ${longitude}° in that window`);
  while (hi - lo > 60_000) {
    const mid = (lo + hi) / 2;
    if (past(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The instant of new moon number `k` (k = 0 on 6 January 2000). */
export function newMoon(k: number): number {
  const t = k / 1236.85;
  const jde = 2_451_550.09766 + 29.530588861 * k + 0.00015437 * t * t - 0.00000015 * t ** 3;
  const e = 1 - 0.002516 * t - 0.0000074 * t * t;
  const m = (2.5534 + 29.1053567 * k - 0.0000014 * t * t) * RAD;
  const mp = (201.5643 + 385.81693528 * k + 0.0107582 * t * t + 0.00001238 * t ** 3) * RAD;
  const f = (160.7108 + 390.67050284 * k - 0.0016118 * t * t - 0.00000227 * t ** 3) * RAD;
  const omega = (124.7746 - 1.56375588 * k + 0.0020672 * t * t) * RAD;
  const terms =
    -0.4072 * Math.sin(mp) +
    0.17241 * e * Math.sin(m) +
    0.01608 * Math.sin(2 * mp) +
    0.01039 * Math.sin(2 * f) +
    0.00739 * e * Math.sin(mp - m) -
    0.00514 * e * Math.sin(mp + m) +
    0.00208 * e * e * Math.sin(2 * m) -
    0.00111 * Math.sin(mp - 2 * f) -
    0.00057 * Math.sin(mp + 2 * f) +
    0.00056 * e * Math.sin(2 * mp + m) -
    0.00042 * Math.sin(3 * mp) +
    0.00042 * e * Math.sin(m + 2 * f) +
    0.00038 * e * Math.sin(m - 2 * f) -
    0.00024 * e * Math.sin(2 * mp - m) -
    0.00017 * Math.sin(omega);
  return msOf(jde + terms - DELTA_T_DAYS);
}

/** China dates (day numbers) on which lunar months begin, from `fromMs` to `toMs`. */
function monthStarts(fromMs: number, toMs: number): number[] {
  let k = Math.floor((julianDay(fromMs) - 2_451_550.09766) / 29.530588861) - 1;
  const starts: number[] = [];
  for (let ms = newMoon(k); ms < toMs; ms = newMoon(++k)) {
    if (ms >= fromMs - 31 * DAY_MS) starts.push(chinaDay(ms));
  }
  return starts;
}

/**
 * The China dates on which the 1st, 5th and 8th months of the lunar year that begins in `year`
 * start. The month holding the winter solstice is the 11th; a year from one such month to the next
 * with 13 months has a leap month, the first that holds no principal term (中气), numbered as the
 * month before it.
 */
export function lunarMonthStarts(year: number): { first: string; fifth: string; eighth: string } {
  const solstice = (y: number) => chinaDay(solarTerm(270, Date.UTC(y, 10, 25)));
  const starts = monthStarts(Date.UTC(year - 1, 10, 1), Date.UTC(year + 1, 1, 1));
  const monthOf = (day: number) => starts.filter((s) => s <= day).at(-1)!;
  const from = starts.indexOf(monthOf(solstice(year - 1)));
  const to = starts.indexOf(monthOf(solstice(year)));
  // Principal terms: every 30° of longitude, each on its China date.
  const principal: number[] = [];
  for (let lon = 270, ms = Date.UTC(year - 1, 10, 25); principal.length < 13; lon = (lon + 30) % 360) {
    ms = solarTerm(lon, ms);
    principal.push(chinaDay(ms));
    ms += 20 * DAY_MS;
  }
  const holdsPrincipal = (i: number) => principal.some((d) => d >= starts[i]! && d < starts[i + 1]!);
  let leapAt = -1;
  if (to - from === 13) {
    for (let i = from + 1; i < to; i++) {
      if (!holdsPrincipal(i)) {
        leapAt = i;
        break;
      }
    }
  }
  const numbered = new Map<number, number>();
  let month = 11;
  for (let i = from; i < to; i++) {
    if (i !== from && i !== leapAt) month = (month % 12) + 1;
    if (i !== leapAt && !numbered.has(month)) numbered.set(month, starts[i]!);
  }
  return { first: isoOf(numbered.get(1)!), fifth: isoOf(numbered.get(5)!), eighth: isoOf(numbered.get(8)!) };
}

/** 除夕, the last day of the lunar year that ends in `year`. */
export const lunarNewYearEve = (year: number) => plusDays(lunarMonthStarts(year).first, -1);

/** 清明, the China date on which the Sun reaches longitude 15°. */
export const qingming = (year: number) => isoOf(chinaDay(solarTerm(15, Date.UTC(year, 2, 25))));
