import { Lunar, type Solar } from 'lunar-typescript';
import type { CalendarDay, CalendarYear } from './calendar.ts';

// A year for which no cn-<year>.json ships: the statutory days of 《全国年节及纪念日放假办法》 as in
// force that year, computed. The State Council's notice moves days (补假, 调休) in ways no rule
// predicts, so such a year has no worked weekends and no make-up days, and is provisional: a count
// over it may end a day or two off the official one. The lunar days and 清明 come from
// lunar-typescript (6tail's maintained calendar library); the calendar tests check them against
// the bundled files and against astronomy.ts.

const pad = (n: number) => String(n).padStart(2, '0');
const fixed = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;
const ymd = (solar: Solar) => solar.toYmd();
const lunarDay = (year: number, month: number, day: number) => Lunar.fromYmd(year, month, day).getSolar();

/** The statutory days off of `year` by the revision of the statute in force then. */
function statutoryDays(year: number): Array<[date: string, name: string]> {
  const days: Array<[string, string]> = [[fixed(year, 1, 1), '元旦']];
  const springFestival = lunarDay(year, 1, 1);
  // 2024 revision (in force from 2025): 除夕 and 2 May added.
  const revised2024 = year >= 2025;
  // 2007 revision (in force from 2008): 清明, 端午, 中秋 added; Labour Day cut from three days to one.
  const revised2007 = year >= 2008;
  if (revised2024) days.push([ymd(springFestival.next(-1)), '春节']);
  for (let i = 0; i < 3; i += 1) days.push([ymd(springFestival.next(i)), '春节']);
  if (revised2007) {
    const qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable().清明;
    if (!qingming) throw new RangeError(`no 清明 found for ${year}`);
    days.push([ymd(qingming), '清明节']);
  }
  const labourDays = revised2024 ? 2 : revised2007 ? 1 : 3;
  for (let d = 1; d <= labourDays; d += 1) days.push([fixed(year, 5, d), '劳动节']);
  // National Day before Mid-Autumn, so a shared day reads 国庆节、中秋节 as in cn-2028.json.
  for (let d = 1; d <= 3; d += 1) days.push([fixed(year, 10, d), '国庆节']);
  if (revised2007) {
    days.push([ymd(lunarDay(year, 5, 5)), '端午节']);
    days.push([ymd(lunarDay(year, 8, 15)), '中秋节']);
  }
  return days;
}

/**
 * The computed, provisional calendar of `year`: weekends and the statutory days off, no 调休. A day
 * of two holidays (中秋 on a National Day day) is listed once under both names.
 */
export function statutoryYear(year: number): CalendarYear {
  if (!Number.isInteger(year) || year < 1901 || year > 2099) {
    // lunar-typescript's tables cover these years; outside them there is nothing to compute from.
    throw new RangeError(`no statutory calendar can be computed for ${year}`);
  }
  const byDate = new Map<string, string[]>();
  for (const [date, name] of statutoryDays(year)) {
    const names = byDate.get(date) ?? [];
    if (!names.includes(name)) names.push(name);
    byDate.set(date, names);
  }
  const holidays: CalendarDay[] = [...byDate]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, names]) => ({ date, name: names.join('、') }));
  return {
    year,
    source: `推算：无 cn-${year}.json，按《全国年节及纪念日放假办法》${year}年施行的版本推算法定假日（农历节日与清明由 lunar-typescript 推算），不含补假和调休上班日；以国务院办公厅当年节假日安排通知为准`,
    provisional: true,
    holidays,
    workdays: [],
  };
}
