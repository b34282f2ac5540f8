import type { Lang } from './i18n.ts';

// Dates in China time whatever the browser's zone; areas in mu with hectares beside them.

export const CHINA_TIME_ZONE = 'Asia/Shanghai';
/** 1 mu = 10000/15 m², so 15 mu make a hectare. */
export const MU_PER_HECTARE = 15;

const formats = new Map<string, Intl.DateTimeFormat>();
function formatOf(lang: Lang, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang}:${withTime}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone: CHINA_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

/** An instant as a China date and time (`2026/03/02 09:30`); '' for none. */
export function formatTime(iso: string | null | undefined, lang: Lang, withTime = true): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatOf(lang, withTime).format(date);
}

/** `6.2 亩 (0.41 ha)` / `6.2 mu (0.41 ha)`. */
export function formatArea(mu: number | null | undefined, lang: Lang): string {
  if (mu === null || mu === undefined) return '';
  const hectares = mu / MU_PER_HECTARE;
  return `${mu.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')} ${lang === 'zh' ? '亩' : 'mu'} (${hectares.toFixed(2)} ha)`;
}

/** An RFC 3339 instant with the China offset for a `datetime-local` value read as China time. */
export function chinaInstant(local: string): string {
  const withSeconds = local.length === 16 ? `${local}:00` : local;
  return `${withSeconds}+08:00`;
}

/** The `datetime-local` value (China time) of an instant. */
export function chinaLocal(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return shifted.toISOString().slice(0, 19);
}
