import {
  BusinessCalendar,
  enforcementCaseMachine,
  loadCalendar,
  MissingCalendarYearError,
  referralMachine,
} from '@landcase/lifecycle';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceContext } from '../context.ts';
import { CalendarFallbacks } from './calendar-fallback.ts';
import { DEADLINES_COLLECTION, type DeadlineDoc, UNINDEXED_DEADLINES_COLLECTION } from './deadline-index.ts';
import {
  type DeadlineScheduler,
  type DeadlineSchedulerOptions,
  startDeadlineScheduler,
} from './scheduler.ts';
import {
  caseEvents,
  caseStream,
  decideCase,
  type Harness,
  harness,
  recordFiledCase,
  referralEvents,
  referralStream,
} from './test-fixtures.ts';

const calendar = loadCalendar();
const CASE = 'LC-141181-20250227-0000000a';
const stream = caseStream(CASE);
const caseOptions: DeadlineSchedulerOptions = {
  machine: enforcementCaseMachine,
  aggregate: 'case',
  calendar,
};

let h: Harness;
const running: DeadlineScheduler[] = [];

async function start(
  ctx: ServiceContext = h.ctx,
  options: Partial<DeadlineSchedulerOptions> = {},
): Promise<DeadlineScheduler> {
  const scheduler = await startDeadlineScheduler(ctx, { ...caseOptions, ...options });
  running.push(scheduler);
  return scheduler;
}

afterEach(async () => {
  for (const scheduler of running.splice(0)) await scheduler.stop();
  vi.useRealTimers();
  await h.close();
});

const fileCase = (): Promise<void> => recordFiledCase(h, CASE);
const DECIDE_DUE = '2025-06-03T15:59:59.999Z'; // Tuesday 3 June, 24:00 in Beijing

describe('the 90-day decision deadline (calendar days)', () => {
  beforeEach(() => {
    h = harness('enforcement');
  });

  it('is missed once, at the end of the first working day after its last day, not a millisecond before', async () => {
    await fileCase();
    const filed = (await h.store.readStream(stream))[1]!;
    h.clock.set('2025-06-03T15:59:59.998Z');
    const scheduler = await start();

    expect((await scheduler.tick()).missed).toEqual([]);
    expect(await h.missed(stream)).toEqual([]);
    // Sorted by due instant: the filing deadline was met (filed before it passed) and is closed.
    expect(await scheduler.index.ofStream(stream)).toEqual([
      expect.objectContaining({
        id: `${stream}/deadline.case.file@0`,
        state: 'opened',
        dueAt: '2025-03-13T15:59:59.999Z',
        open: false,
        missed: false,
      }),
      expect.objectContaining({
        id: `${stream}/deadline.case.decide@1`,
        caseId: CASE,
        state: 'investigation',
        startedAt: '2025-03-03T02:00:00.000Z',
        dueAt: DECIDE_DUE,
        open: true,
        missed: false,
      }),
    ]);

    h.clock.set(DECIDE_DUE);
    const report = await scheduler.tick();
    expect(report.missed).toEqual([
      { streamId: stream, deadlineId: 'deadline.case.decide@1', dueAt: DECIDE_DUE },
    ]);
    const [missed, ...more] = await h.missed(stream);
    expect(more).toEqual([]);
    expect(missed!.data).toEqual({
      caseId: CASE,
      deadlineId: 'deadline.case.decide@1',
      state: 'investigation',
      dueAt: DECIDE_DUE,
      rule: 'deadline.case.decide',
      source: 'Administrative Penalty Law art. 60',
    });
    expect(missed!.metadata).toMatchObject({
      caseId: CASE,
      actor: 'nrb:system:enforcement',
      causationId: filed.id,
      time: DECIDE_DUE,
    });
    expect(await scheduler.index.ofStream(stream)).toEqual([
      expect.objectContaining({ deadlineId: 'deadline.case.file@0', open: false, missed: false }),
      expect.objectContaining({ deadlineId: 'deadline.case.decide@1', open: false, missed: true }),
    ]);
  });

  it('gives one DeadlineMissed however often it ticks', async () => {
    await fileCase();
    h.clock.set('2025-07-01T00:00:00Z');
    const scheduler = await start(h.ctx, { runAtStart: false });
    const reports = [await scheduler.tick(), await scheduler.tick()];
    h.clock.set('2025-09-01T00:00:00Z');
    reports.push(await scheduler.tick());
    expect(reports.map((r) => r.missed.length)).toEqual([1, 0, 0]);
    expect(await h.missed(stream)).toHaveLength(1);
  });

  it('gives one DeadlineMissed from two instances ticking together, with or without shared read models', async () => {
    await fileCase();
    h.clock.set('2025-07-01T00:00:00Z');
    const shared = new InMemoryReadModelStore();
    const instances = await Promise.all(
      [h.instance(), h.instance(), h.instance(shared), h.instance(shared)].map((ctx) =>
        start(ctx, { runAtStart: false }),
      ),
    );
    const reports = await Promise.all(instances.map((s) => s.tick()));
    expect(reports.flatMap((r) => r.missed)).toHaveLength(1);
    expect(reports.map((r) => r.failed)).toEqual([0, 0, 0, 0]);
    expect(await h.missed(stream)).toHaveLength(1);
  });

  it('gives one DeadlineMissed across a restart, whether the read models survived it or not', async () => {
    await fileCase();
    h.clock.set('2025-07-01T00:00:00Z');
    const first = await start(h.ctx, { runAtStart: false });
    expect((await first.tick()).missed).toHaveLength(1);
    await first.stop();

    const sameReadModels = await start(h.instance(h.ctx.readModels));
    const freshReadModels = await start(h.instance());
    expect((await sameReadModels.tick()).missed).toEqual([]);
    expect((await freshReadModels.tick()).missed).toEqual([]);
    expect(await h.missed(stream)).toHaveLength(1);
    // Rebuilt from the stream alone, the index still knows the missed deadline.
    expect(await freshReadModels.index.ofStream(stream)).toEqual(await sameReadModels.index.ofStream(stream));
    expect(await freshReadModels.index.ofStream(stream)).toEqual([
      expect.objectContaining({ deadlineId: 'deadline.case.file@0', open: false, missed: false }),
      expect.objectContaining({ deadlineId: 'deadline.case.decide@1', open: false, missed: true }),
    ]);
  });

  it('never fires once its state was left before it passed', async () => {
    await fileCase();
    const scheduler = await start(h.ctx, { runAtStart: false });
    await scheduler.tick(); // indexed while running
    await decideCase(h, CASE, [
      '2025-04-01T10:00:00+08:00',
      '2025-04-08T10:00:00+08:00',
      '2025-04-20T10:00:00+08:00',
    ]);

    h.clock.set('2025-07-01T00:00:00Z');
    const report = await scheduler.tick();
    expect(report).toMatchObject({ due: 0, missed: [] });
    expect(await h.missed(stream)).toEqual([]);
    const docs = await scheduler.index.ofStream(stream);
    expect(docs.map((d) => [d.deadlineId, d.dueAt, d.open, d.missed])).toEqual([
      ['deadline.case.file@0', '2025-03-13T15:59:59.999Z', false, false],
      // 5 working days from Tuesday 1 April, skipping the Qingming holiday (4–6 April).
      ['deadline.case.hearing-request@2', '2025-04-09T15:59:59.999Z', false, false],
      ['deadline.case.decide@1', DECIDE_DUE, false, false],
      // Duration 0: the decision's own date is the due instant.
      ['deadline.case.comply@4', '2025-12-31T09:00:00.000Z', true, false],
    ]);
  });

  it('lets the stream, not a stale index entry, decide', async () => {
    await fileCase();
    await decideCase(h, CASE, [
      '2025-04-01T10:00:00+08:00',
      '2025-04-08T10:00:00+08:00',
      '2025-04-20T10:00:00+08:00',
    ]);
    const scheduler = await start(h.ctx, { runAtStart: false });
    await scheduler.tick();
    // An index replica that lags behind the stream still lists the decision deadline as open;
    // `decided` accepts a DeadlineMissed, so only re-deriving from the stream keeps it out.
    const docs = h.ctx.readModels.collection<DeadlineDoc>(DEADLINES_COLLECTION);
    const closed = await docs.get(`${stream}/deadline.case.decide@1`);
    expect(closed).toMatchObject({ open: false, missed: false });
    await docs.upsert({ ...closed!, open: true }, 1_000);

    h.clock.set('2025-07-01T00:00:00Z');
    expect(await scheduler.tick()).toMatchObject({ due: 1, missed: [], failed: 0 });
    expect(await h.missed(stream)).toEqual([]);
  });

  it('ticks on its interval', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await fileCase();
    h.clock.set('2025-07-01T00:00:00Z');
    const scheduler = await start(h.ctx, { runAtStart: false, intervalMs: 60_000 });
    await vi.advanceTimersByTimeAsync(60_000);
    await scheduler.stop(); // waits for the tick the timer started
    expect(await h.missed(stream)).toHaveLength(1);
  });
});

describe('the 10-working-day filing deadline across the 2025 National Day holiday', () => {
  beforeEach(() => {
    h = harness('enforcement');
  });

  // Discovered Friday 26 Sept. Working days: Sun 28 Sept (worked under 调休), 29, 30 Sept; 1–8 Oct
  // off; 9, 10, Sat 11 Oct (worked), 13, 14, 15, 16 Oct → due at the end of Thursday 16 Oct.
  const FILE_DUE = '2025-10-16T15:59:59.999Z';

  it('fires at the end of the tenth working day, in whichever pre-filing state the case is', async () => {
    const m = enforcementCaseMachine;
    await h.record(
      stream,
      m,
      '2025-09-26T17:00:00+08:00',
      'CaseOpened',
      caseEvents.opened(CASE, '2025-09-26T16:00:00+08:00', true),
    );
    await h.record(
      stream,
      m,
      '2025-09-27T09:00:00+08:00',
      'StopOrderServed',
      caseEvents.stopOrder(CASE, '2025-09-27T09:00:00+08:00'),
    );
    h.clock.set('2025-10-16T15:59:59.998Z');
    const scheduler = await start();
    await scheduler.tick();
    expect(await h.missed(stream)).toEqual([]);

    h.clock.set(FILE_DUE);
    await scheduler.tick();
    const missed = await h.missed(stream);
    expect(missed.map((e) => e.data)).toEqual([
      {
        caseId: CASE,
        deadlineId: 'deadline.case.file@0',
        state: 'stopOrdered',
        dueAt: FILE_DUE,
        rule: 'deadline.case.file',
        source: 'MNR rule on filing after discovery',
      },
    ]);
  });
});

describe('the Order 310 referral deadlines', () => {
  const REFERRAL = `${CASE}.psb`;
  const rstream = referralStream(REFERRAL);
  const referralOptions = { machine: referralMachine, aggregate: 'referral', calendar };

  beforeEach(() => {
    h = harness('referral');
  });

  it('counts 3 calendar days past the holiday, then 24 hours to the minute', async () => {
    await h.record(
      rstream,
      referralMachine,
      '2025-09-29T09:00:00+08:00',
      'ReferralDrafted',
      referralEvents.drafted(CASE, REFERRAL, 'psb'),
    );
    const scheduler = await start(h.ctx, referralOptions);

    // Drafted Monday 29 Sept: the third day, 2 Oct, is a holiday, so the period runs to 9 Oct.
    h.clock.set('2025-10-09T15:59:59.998Z');
    await scheduler.tick();
    expect(await h.missed(rstream)).toEqual([]);
    h.clock.set('2025-10-09T15:59:59.999Z');
    await scheduler.tick();
    expect((await h.missed(rstream)).map((e) => e.data.deadlineId)).toEqual(['deadline.referral.approve@0']);
    // The reminder comes with the miss, at revision 2; the approval then ends that ladder.
    expect((await h.store.readStream(rstream)).map((e) => e.type)).toEqual([
      'ReferralDrafted',
      'DeadlineMissed',
      'EscalationRaised',
    ]);

    await h.record(
      rstream,
      referralMachine,
      '2025-10-10T10:00:00+08:00',
      'ReferralApprovalDecided',
      referralEvents.approved(CASE, REFERRAL),
    );
    h.clock.set('2025-10-11T01:59:59.999Z');
    await scheduler.tick();
    expect(await h.missed(rstream)).toHaveLength(1);
    h.clock.set('2025-10-11T02:00:00.000Z');
    await scheduler.tick();
    expect((await h.missed(rstream)).map((e) => e.data)).toEqual([
      expect.objectContaining({ deadlineId: 'deadline.referral.approve@0', state: 'drafted' }),
      {
        caseId: CASE,
        deadlineId: 'deadline.referral.send@3',
        state: 'approved',
        dueAt: '2025-10-11T02:00:00.000Z',
        rule: 'deadline.referral.send',
        source: expect.stringContaining('art. 5'),
      },
    ]);
  });

  it('runs none for a referral to the discipline commission', async () => {
    const disc = referralStream(`${CASE}.disc`);
    await h.record(
      disc,
      referralMachine,
      '2025-09-29T09:00:00+08:00',
      'ReferralDrafted',
      referralEvents.drafted(CASE, `${CASE}.disc`, 'disc'),
    );
    h.clock.set('2026-06-01T00:00:00Z');
    const scheduler = await start(h.ctx, referralOptions);
    expect(await scheduler.tick()).toMatchObject({ indexed: 0, due: 0, missed: [] });
    expect(await h.missed(disc)).toEqual([]);
    expect(await scheduler.index.ofStream(disc)).toEqual([]);
  });
});

describe('calendar coverage', () => {
  beforeEach(() => {
    h = harness('enforcement');
  });

  /** A context whose log keeps its warnings, and fallbacks of its own (not the process's). */
  function watched() {
    const warnings: Array<{ calendarYear?: number; msg: string }> = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    const fallbacks = new CalendarFallbacks();
    const registry = new Registry();
    registry.registerMetric(fallbacks.gauge);
    const fallbackYears = async () =>
      (await fallbacks.gauge.get()).values.map((v) => [v.labels.year, v.value]);
    return { ctx: { ...h.ctx, log }, warnings, fallbacks, registry, fallbackYears };
  }

  it('starts when a deadline starting now would end in a year without a file, and says so once per year', async () => {
    const w = watched();
    h.clock.set('2025-12-01T00:00:00Z');
    const only2025 = loadCalendar([2025]);
    await expect(start(w.ctx, { calendar: only2025, fallbacks: w.fallbacks })).resolves.toBeDefined();
    await expect(start(w.ctx, { calendar: only2025, fallbacks: w.fallbacks })).resolves.toBeDefined();
    await expect(
      start(w.ctx, { calendar: loadCalendar([2025]), fallbacks: w.fallbacks }),
    ).resolves.toBeDefined();
    expect(w.warnings.map((l) => l.calendarYear)).toEqual([2026]);
    expect(w.warnings[0]!.msg).toContain('cn-2026.json');
    expect(await w.fallbackYears()).toEqual([['2026', 1]]);
    expect(await w.registry.metrics()).toContain('landcase_calendar_fallback_years{year="2026"} 1');
  });

  it('rejects only with a calendar that has no fallback', async () => {
    h.clock.set('2025-12-01T00:00:00Z');
    const strict = loadCalendar([2025], { fallback: null });
    await expect(start(h.ctx, { calendar: strict })).rejects.toThrow(MissingCalendarYearError);
    // 90 days from 20 August 2025 end on 18 November; its public notice would come in 2026.
    h.clock.set('2025-08-20T00:00:00Z');
    await expect(start(h.ctx, { calendar: strict })).rejects.toThrow(MissingCalendarYearError);
    h.clock.set('2025-07-17T00:00:00Z');
    await expect(start(h.ctx, { calendar: strict })).resolves.toBeDefined();
  });

  // What packages/lifecycle/README.md tells about adding next year's calendar: from 18 July (China
  // time) a 90-day decision deadline starting that day, with its escalation ladder up to the public
  // notice, reaches into the next year, which without its file is counted on computed statutory days.
  it('counts on next year’s computed days from 18 July on, as the lifecycle README says', async () => {
    const toEnd2027 = () => loadCalendar([2025, 2026, 2027]);
    const w = watched();
    h.clock.set('2027-07-17T15:59:59.999Z'); // 17 July, 23:59:59.999 in Beijing
    await start(w.ctx, { calendar: toEnd2027(), fallbacks: w.fallbacks });
    expect(w.warnings).toEqual([]);
    h.clock.set('2027-07-17T16:00:00.000Z'); // 18 July, 00:00 in Beijing
    await start(w.ctx, { calendar: toEnd2027(), fallbacks: w.fallbacks });
    expect(w.warnings.map((l) => l.calendarYear)).toEqual([2028]);
    await expect(start(h.ctx, { calendar: toEnd2027(), fallbacks: w.fallbacks })).resolves.toBeDefined();
    // The strict calendar shows the date itself.
    const strict = loadCalendar([2025, 2026, 2027], { fallback: null });
    await expect(start(h.ctx, { calendar: strict })).rejects.toThrow(MissingCalendarYearError);
  });

  it('starts with the clock at 1 September 2027 without the 2028 file, and misses on computed days', async () => {
    const w = watched();
    const toEnd2027 = loadCalendar([2025, 2026, 2027]);
    h.clock.set('2027-09-01T01:00:00Z');
    await fileCaseAt('2027-09-01T09:00:00+08:00');
    const scheduler = await start(w.ctx, { calendar: toEnd2027, fallbacks: w.fallbacks, runAtStart: false });
    expect(w.warnings.map((l) => l.calendarYear)).toEqual([2028]);
    await scheduler.tick();
    const [decide] = (await scheduler.index.ofStream(stream)).filter(
      (d) => d.rule === 'deadline.case.decide',
    );
    // 1 September + 90 days = Tuesday 30 November 2027, a working day.
    expect(decide).toMatchObject({ dueAt: '2027-11-30T15:59:59.999Z', provisional: true, open: true });
  });

  it('indexes a deadline of 2023, before the first file, and records it missed', async () => {
    const m = enforcementCaseMachine;
    const old = 'LC-141181-20230925-0000000c';
    await h.record(
      caseStream(old),
      m,
      '2023-09-25T10:00:00+08:00',
      'CaseOpened',
      caseEvents.opened(old, '2023-09-25T09:00:00+08:00'),
    );
    h.clock.set('2025-07-01T00:00:00Z');
    const scheduler = await start(h.ctx, { runAtStart: false });
    // 26, 27, 28 Sep; 29 Sep Mid-Autumn; 30 Sep, 1 Oct a weekend; 2, 3 Oct National Day; 4, 5, 6,
    // 9, 10, 11, 12 Oct (computed: the notice of that year also gave 4–6 Oct and worked 7–8 Oct).
    const dueAt = '2023-10-12T15:59:59.999Z';
    expect((await scheduler.tick()).missed).toEqual([
      { streamId: caseStream(old), deadlineId: 'deadline.case.file@0', dueAt },
    ]);
    expect(await scheduler.index.ofStream(caseStream(old))).toEqual([
      expect.objectContaining({ deadlineId: 'deadline.case.file@0', dueAt, provisional: true, missed: true }),
    ]);
    expect(await h.ctx.readModels.collection(UNINDEXED_DEADLINES_COLLECTION).find()).toEqual([]);
  });

  it('marks a deadline counted over files with a notice as not provisional', async () => {
    await fileCase();
    h.clock.set('2025-04-01T00:00:00Z');
    const scheduler = await start(h.ctx, { runAtStart: false });
    await scheduler.tick();
    const docs = await scheduler.index.ofStream(stream);
    expect(docs.map((d) => [d.rule, d.provisional])).toEqual([
      ['deadline.case.file', false],
      ['deadline.case.decide', false],
    ]);
  });

  it('parks a stream a strict calendar cannot count without holding up the others', async () => {
    const m = enforcementCaseMachine;
    const old = 'LC-141181-20241220-0000000b';
    await h.record(
      caseStream(old),
      m,
      '2025-01-02T10:00:00+08:00',
      'CaseOpened',
      caseEvents.opened(old, '2024-12-20T09:00:00+08:00'),
    );
    await fileCase();
    h.clock.set('2025-07-01T00:00:00Z');
    const scheduler = await start(h.ctx, { runAtStart: false, calendar: strictCalendar() });
    expect((await scheduler.tick()).missed).toHaveLength(1);
    expect(await h.missed(stream)).toHaveLength(1);
    const parked = await h.ctx.readModels.collection(UNINDEXED_DEADLINES_COLLECTION).find();
    expect(parked).toEqual([
      expect.objectContaining({ streamId: caseStream(old), error: expect.stringContaining('2024') }),
    ]);
  });

  it('indexes a parked stream once the calendar holds its year', async () => {
    const m = enforcementCaseMachine;
    const old = 'LC-141181-20241220-0000000b';
    await h.record(
      caseStream(old),
      m,
      '2025-01-02T10:00:00+08:00',
      'CaseOpened',
      caseEvents.opened(old, '2024-12-20T09:00:00+08:00'),
    );
    h.clock.set('2025-02-01T00:00:00Z');
    const without2024 = await start(h.ctx, { runAtStart: false, calendar: strictCalendar() });
    await without2024.tick();
    await without2024.stop();

    // 2024 as plain weekdays (enough for this count: 23 Dec–31 Dec has no holiday).
    const with2024 = new BusinessCalendar(
      [
        { year: 2024, source: 'test', provisional: true, holidays: [], workdays: [] },
        ...[2025, 2026, 2027].map((year) => calendar.yearData(year)),
      ],
      { fallback: null },
    );
    const scheduler = await start(h.ctx, { runAtStart: false, calendar: with2024 });
    const report = await scheduler.tick();
    expect(report.missed).toEqual([
      // 23, 24, 25, 26, 27, 30, 31 Dec; 1 Jan is New Year's Day; 2, 3, 6 Jan.
      { streamId: caseStream(old), deadlineId: 'deadline.case.file@0', dueAt: '2025-01-06T15:59:59.999Z' },
    ]);
    expect(await h.ctx.readModels.collection(UNINDEXED_DEADLINES_COLLECTION).find()).toEqual([]);
  });
});

/** The bundled years only: a year without a file is an error (the parking of streams shows). */
const strictCalendar = () => loadCalendar(undefined, { fallback: null });

async function fileCaseAt(filedAt: string): Promise<void> {
  const m = enforcementCaseMachine;
  await h.record(stream, m, filedAt, 'CaseOpened', caseEvents.opened(CASE, filedAt));
  await h.record(stream, m, filedAt, 'CaseFiled', caseEvents.filed(CASE, filedAt));
}
