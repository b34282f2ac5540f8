import type { BusinessCalendar, CalendarYear } from '@landcase/lifecycle';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';

// A year counted on computed holidays (no cn-<year>.json) keeps the service running, but its due
// dates may be a day or two off the official ones until the file is added: operators see it once
// per year in the log and for as long as it lasts in the metric.

export class CalendarFallbacks {
  /** 1 for each China year whose holidays this process computed, labelled by year. */
  readonly gauge = new Gauge({
    name: 'landcase_calendar_fallback_years',
    help: 'Years whose business calendar was computed (statutory days only, provisional) for want of its file',
    labelNames: ['year'] as const,
    registers: [],
  });
  readonly #warned = new Set<number>();

  /** Reports every year `calendar` computes, before and after this call; returns the unwatch. */
  watch(calendar: Pick<BusinessCalendar, 'onFallback'>, log: Logger): () => void {
    return calendar.onFallback((data) => this.#report(data, log));
  }

  #report(data: CalendarYear, log: Logger): void {
    this.gauge.set({ year: String(data.year) }, 1);
    if (this.#warned.has(data.year)) return;
    this.#warned.add(data.year);
    log.warn(
      { calendarYear: data.year, provisional: true },
      `no business calendar file for ${data.year}: its deadlines count weekends and the computed statutory holidays only (provisional); add packages/lifecycle/src/calendar/cn-${data.year}.json`,
    );
  }
}

/** The process's: every scheduler reports to it, and every app's `/metrics` shows its gauge. */
export const calendarFallbacks = new CalendarFallbacks();
