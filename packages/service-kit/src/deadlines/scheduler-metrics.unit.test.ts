import { enforcementCaseMachine, loadCalendar } from '@landcase/lifecycle';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DeadlineScheduler, startDeadlineScheduler } from './scheduler.ts';
import { SchedulerMetrics } from './scheduler-metrics.ts';
import { type Harness, harness, recordFiledCase } from './test-fixtures.ts';

const calendar = loadCalendar();
const CASE = 'LC-141181-20250227-0000000a';
/** The 90-day decision deadline of a case filed on 3 March 2025: Tuesday 3 June, 24:00 in Beijing. */
const DECIDE_DUE = '2025-06-03T15:59:59.999Z';

let h: Harness;
let metrics: SchedulerMetrics;
let registry: Registry;
let scheduler: DeadlineScheduler | undefined;

beforeEach(() => {
  h = harness('enforcement');
  metrics = new SchedulerMetrics();
  registry = new Registry();
  metrics.register(registry);
});

afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  await h.close();
});

const fileCase = (): Promise<void> => recordFiledCase(h, CASE);

async function start(): Promise<DeadlineScheduler> {
  scheduler = await startDeadlineScheduler(h.ctx, {
    machine: enforcementCaseMachine,
    aggregate: 'case',
    calendar,
    runAtStart: false,
    metrics,
  });
  return scheduler;
}

async function values(name: string) {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values ?? [];
}

describe('the scheduler metrics', () => {
  it('counts the deadlines due within the due-soon window at each tick, and no longer once missed', async () => {
    await fileCase();
    await start();

    // Tuesday 27 May: four working days before the deadline (28, 29, 30 May, 3 June): not soon.
    h.clock.set('2025-05-27T02:00:00.000Z');
    expect((await scheduler!.tick()).dueSoon).toBe(0);
    expect(await values('landcase_deadlines_due')).toEqual([
      expect.objectContaining({ labels: { service: 'enforcement' }, value: 0 }),
    ]);

    // Thursday 29 May: 30 May and 3 June are left (the Dragon Boat holiday in between): due soon.
    h.clock.set('2025-05-29T02:00:00.000Z');
    expect((await scheduler!.tick()).dueSoon).toBe(1);
    expect(await values('landcase_deadlines_due')).toEqual([
      expect.objectContaining({ labels: { service: 'enforcement' }, value: 1 }),
    ]);
    expect(await values('landcase_deadlines_missed_total')).toEqual([]);

    // Passed: recorded as missed, so no longer open and no longer due soon.
    h.clock.set(DECIDE_DUE);
    const report = await scheduler!.tick();
    expect(report.missed).toHaveLength(1);
    expect(report.dueSoon).toBe(0);
    expect(await values('landcase_deadlines_due')).toEqual([
      expect.objectContaining({ labels: { service: 'enforcement' }, value: 0 }),
    ]);
  });

  it('counts each DeadlineMissed once, by service and rule, however many ticks follow', async () => {
    await fileCase();
    await start();
    h.clock.set(DECIDE_DUE);
    await scheduler!.tick();
    await scheduler!.tick();
    expect(await values('landcase_deadlines_missed_total')).toEqual([
      expect.objectContaining({
        labels: { service: 'enforcement', rule: 'deadline.case.decide' },
        value: 1,
      }),
    ]);
    expect(await registry.getSingleMetricAsString('landcase_deadlines_missed_total')).toContain(
      'landcase_deadlines_missed_total{service="enforcement",rule="deadline.case.decide"} 1',
    );
  });

  it('times every tick on the injected clock, by service', async () => {
    await fileCase();
    await start();
    h.clock.set('2025-05-20T02:00:00.000Z');
    await scheduler!.tick();
    await scheduler!.tick();
    await scheduler!.tick();
    const samples = await values('landcase_scheduler_tick_duration_seconds');
    const count = samples.find(
      (s) => (s as { metricName?: string }).metricName === 'landcase_scheduler_tick_duration_seconds_count',
    );
    expect(count).toMatchObject({ labels: { service: 'enforcement' }, value: 3 });
    // The test's clock stands still while a tick runs: every tick lasted 0 s by it.
    const sum = samples.find(
      (s) => (s as { metricName?: string }).metricName === 'landcase_scheduler_tick_duration_seconds_sum',
    );
    expect(sum?.value).toBe(0);
  });

  it('shows nothing of a scheduler that reports elsewhere', async () => {
    await fileCase();
    scheduler = await startDeadlineScheduler(h.ctx, {
      machine: enforcementCaseMachine,
      aggregate: 'case',
      calendar,
      runAtStart: false,
      metrics: new SchedulerMetrics(),
    });
    h.clock.set(DECIDE_DUE);
    await scheduler.tick();
    expect(await values('landcase_deadlines_missed_total')).toEqual([]);
    expect(await values('landcase_deadlines_due')).toEqual([]);
  });
});
