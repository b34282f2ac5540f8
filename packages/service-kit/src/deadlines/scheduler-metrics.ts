import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

// What an operator watches of the deadline schedulers: how long a tick takes, how many deadlines
// were missed (by rule), and how many open ones fall due within the due-soon window. Created with
// no registry, like the stream metrics, so that several apps in one process (the tests) can each
// show them on their own `/metrics`.

export class SchedulerMetrics {
  readonly tickDuration = new Histogram({
    name: 'landcase_scheduler_tick_duration_seconds',
    help: "Time of a deadline scheduler's tick (index catch-up, DeadlineMissed, escalations), by service",
    labelNames: ['service'] as const,
    registers: [],
  });
  readonly missed = new Counter({
    name: 'landcase_deadlines_missed_total',
    help: 'DeadlineMissed events the schedulers appended, by service and rule',
    labelNames: ['service', 'rule'] as const,
    registers: [],
  });
  readonly due = new Gauge({
    name: 'landcase_deadlines_due',
    help: 'Open deadlines not yet passed and due within the due-soon window (LANDCASE_DUE_SOON_WORKING_DAYS), set at each tick, by service',
    labelNames: ['service'] as const,
    registers: [],
  });

  readonly #due = new Map<string, Map<string, number>>();

  /** A scheduler of `service`'s `aggregate` counted `count` deadlines due soon: the gauge sums them. */
  dueCounted(service: string, aggregate: string, count: number): void {
    const counts = this.#due.get(service) ?? new Map<string, number>();
    counts.set(aggregate, count);
    this.#due.set(service, counts);
    this.due.set(
      { service },
      [...counts.values()].reduce((a, b) => a + b, 0),
    );
  }

  register(registry: Registry): void {
    registry.registerMetric(this.tickDuration);
    registry.registerMetric(this.missed);
    registry.registerMetric(this.due);
  }
}

/** The process's: every scheduler reports to it, and every app's `/metrics` shows it. */
export const schedulerMetrics = new SchedulerMetrics();
