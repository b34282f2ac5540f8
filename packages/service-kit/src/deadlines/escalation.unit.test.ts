import { enforcementCaseMachine, loadCalendar } from '@landcase/lifecycle';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../context.ts';
import { DEADLINES_COLLECTION, type DeadlineDoc } from './deadline-index.ts';
import { ESCALATIONS_COLLECTION, escalationsFor } from './escalations.ts';
import {
  type DeadlineScheduler,
  type DeadlineSchedulerOptions,
  startDeadlineScheduler,
} from './scheduler.ts';
import { caseEvents, caseStream, decideCase, type Harness, harness } from './test-fixtures.ts';

// The escalation ladder after the 90-day decision deadline (Administrative Penalty Law art. 60):
// reminder at the miss, then +5, +10 and +20 working days (the rule set's defaults).

const calendar = loadCalendar();
const options: DeadlineSchedulerOptions = { machine: enforcementCaseMachine, aggregate: 'case', calendar };
const CASE = 'LC-141181-20250303-0000000e';
const stream = caseStream(CASE);
const DEADLINE = 'deadline.case.decide@1';

// Filed Monday 3 March 2025: the 90 days end at the end of Tuesday 3 June (Dragon Boat holiday
// 31 May–2 June). Then Tuesday 10 June, Tuesday 24 June, Tuesday 22 July, Tuesday 19 August, each at
// 24:00 Beijing.
const MISSED = '2025-06-03T15:59:59.999Z';
const RUNGS = [
  ['reminder', MISSED],
  ['supervision', '2025-06-10T15:59:59.999Z'],
  ['listed_supervision', '2025-06-24T15:59:59.999Z'],
  ['summons', '2025-07-22T15:59:59.999Z'],
  ['public_notice', '2025-08-19T15:59:59.999Z'],
] as const;
const LONG_AFTER = '2025-09-01T00:00:00.000Z';

let h: Harness;
const running: DeadlineScheduler[] = [];

async function start(ctx: ServiceContext = h.ctx): Promise<DeadlineScheduler> {
  const scheduler = await startDeadlineScheduler(ctx, { ...options, runAtStart: false });
  running.push(scheduler);
  return scheduler;
}

beforeEach(() => {
  h = harness('enforcement');
});
afterEach(async () => {
  for (const scheduler of running.splice(0)) await scheduler.stop();
  await h.close();
});

async function fileCase(caseId = CASE, divisionCode = '141181'): Promise<void> {
  const s = caseStream(caseId);
  await h.record(s, enforcementCaseMachine, '2025-02-27T10:00:00+08:00', 'CaseOpened', {
    ...caseEvents.opened(caseId, '2025-02-27T09:00:00+08:00'),
    divisionCode,
  });
  await h.record(s, enforcementCaseMachine, '2025-03-03T10:00:00+08:00', 'CaseFiled', {
    ...caseEvents.filed(caseId, '2025-03-03T10:00:00+08:00'),
    divisionCode,
  });
}

const at = (iso: string, ms: number): string => new Date(new Date(iso).getTime() + ms).toISOString();

async function rungsOf(s: string = stream) {
  return (await h.store.readStream(s)).filter((e) => e.type === 'EscalationRaised');
}
const ladder = async (s: string = stream) => (await rungsOf(s)).map((e) => [e.data.rung, e.data.raisedAt]);

describe('the escalation ladder of a missed decision deadline', () => {
  it('climbs reminder, supervision, listed supervision, summons and public notice at their instants, once each', async () => {
    await fileCase();
    const scheduler = await start();
    h.clock.set(at(MISSED, -1));
    expect(await scheduler.tick()).toMatchObject({ missed: [], escalated: [] });

    for (const [i, [rung, dueAt]] of RUNGS.entries()) {
      h.clock.set(at(dueAt, -1));
      expect((await scheduler.tick()).escalated, `${rung} not before ${dueAt}`).toEqual([]);
      h.clock.set(dueAt);
      const report = await scheduler.tick();
      // The miss and its reminder come in the same tick.
      expect(report.missed).toHaveLength(i === 0 ? 1 : 0);
      expect(report.escalated).toEqual([{ streamId: stream, deadlineId: DEADLINE, rung, raisedAt: dueAt }]);
      expect((await scheduler.tick()).escalated).toEqual([]);
      expect(await ladder()).toEqual(RUNGS.slice(0, i + 1));
    }

    h.clock.set(LONG_AFTER);
    expect(await scheduler.tick()).toMatchObject({ due: 0, escalationsDue: 0, escalated: [] });
    expect(await ladder()).toEqual(RUNGS);

    const [missed] = (await h.store.readStream(stream)).filter((e) => e.type === 'DeadlineMissed');
    const supervision = (await rungsOf())[1]!;
    expect(supervision.data).toEqual({
      caseId: CASE,
      deadlineId: DEADLINE,
      rung: 'supervision',
      raisedAt: '2025-06-10T15:59:59.999Z',
      divisionCode: '141181',
      escalatedToDivisionCode: '141100',
      rule: 'escalation.supervision',
      source: 'seed 000 §(四); seed 004 §二(六)3',
    });
    // The public notice names who issues it and to whom, from the rule set; the other rungs do not.
    expect((await rungsOf())[4]!.data).toEqual({
      caseId: CASE,
      deadlineId: DEADLINE,
      rung: 'public_notice',
      raisedAt: '2025-08-19T15:59:59.999Z',
      divisionCode: '141181',
      escalatedToDivisionCode: '141100',
      rule: 'escalation.public-notice',
      source: 'seed 000 §(五); seed 003 §二; seed 004 §二(六)3',
      issuedBy: ['nrb'],
      notified: ['gov', 'disc'],
    });
    expect(supervision.metadata).toMatchObject({
      caseId: CASE,
      actor: 'nrb:system:enforcement',
      causationId: missed!.id,
      time: '2025-06-10T15:59:59.999Z',
    });
    const doc = await h.ctx.readModels
      .collection<DeadlineDoc>(DEADLINES_COLLECTION)
      .get(`${stream}/${DEADLINE}`);
    expect(doc).toMatchObject({
      missed: true,
      running: true,
      rungs: ['reminder', 'supervision', 'listed_supervision', 'summons', 'public_notice'],
      escalating: false,
      nextRung: null,
      nextRungAt: null,
    });
  });

  it('keeps the next rung and its instant in the deadlines index', async () => {
    await fileCase();
    const scheduler = await start();
    h.clock.set(MISSED);
    await scheduler.tick();
    expect(await scheduler.index.escalating({ limit: 10 })).toEqual([
      expect.objectContaining({
        deadlineId: DEADLINE,
        missedEventId: expect.any(String),
        rungs: ['reminder'],
        escalating: true,
        nextRung: 'supervision',
        nextRungAt: '2025-06-10T15:59:59.999Z',
      }),
    ]);
  });

  it('raises every rung that fell due while no scheduler ran, in order, dated when each fell due', async () => {
    await fileCase();
    h.clock.set(LONG_AFTER);
    const scheduler = await start();
    const report = await scheduler.tick();
    expect(report.missed).toHaveLength(1);
    expect(report.escalated.map((r) => [r.rung, r.raisedAt])).toEqual(RUNGS);
    expect(await ladder()).toEqual(RUNGS);
    // Written at the time of the tick, dated at the rung's instant.
    expect((await rungsOf()).map((e) => e.metadata.time)).toEqual(RUNGS.map(() => LONG_AFTER));
  });

  it('gives one of each rung from instances ticking together, with or without shared read models', async () => {
    await fileCase();
    const shared = new InMemoryReadModelStore();
    const instances = await Promise.all(
      [h.instance(), h.instance(), h.instance(shared), h.instance(shared)].map((ctx) => start(ctx)),
    );
    for (const now of [MISSED, '2025-06-11T00:00:00.000Z', '2025-06-24T15:59:59.999Z', LONG_AFTER]) {
      h.clock.set(now);
      const reports = await Promise.all(instances.map((s) => s.tick()));
      expect(reports.map((r) => r.failed)).toEqual([0, 0, 0, 0]);
    }
    expect(await ladder()).toEqual(RUNGS);
    expect((await h.store.readStream(stream)).filter((e) => e.type === 'DeadlineMissed')).toHaveLength(1);
  });

  it('climbs on across a restart, whether the read models survived it or not', async () => {
    await fileCase();
    h.clock.set('2025-06-11T00:00:00.000Z');
    const first = await start();
    expect((await first.tick()).escalated.map((r) => r.rung)).toEqual(['reminder', 'supervision']);
    await first.stop();

    const sameReadModels = await start(h.instance(h.ctx.readModels));
    const fresh = h.instance();
    const freshReadModels = await start(fresh);
    expect((await sameReadModels.tick()).escalated).toEqual([]);
    expect((await freshReadModels.tick()).escalated).toEqual([]);

    h.clock.set(RUNGS[2][1]);
    const reports = [await freshReadModels.tick(), await sameReadModels.tick()];
    expect(reports.map((r) => r.escalated.map((e) => e.rung))).toEqual([['listed_supervision'], []]);
    expect(await ladder()).toEqual(RUNGS.slice(0, 3));
    // Rebuilt from the stream alone, the index and the escalations agree with the surviving ones.
    expect(await freshReadModels.index.ofStream(stream)).toEqual(await sameReadModels.index.ofStream(stream));
    const all = (ctx: ServiceContext) => ctx.readModels.collection(ESCALATIONS_COLLECTION).find();
    expect(await all(fresh)).toEqual(await all(h.ctx));
    expect((await all(h.ctx)).map((d) => d.rung)).toEqual(['listed_supervision', 'reminder', 'supervision']);
  });

  it('stops once the case leaves the investigation, and not before', async () => {
    const m = enforcementCaseMachine;
    await fileCase();
    h.clock.set(MISSED);
    const scheduler = await start();
    await scheduler.tick();
    // Notice and hearing keep the case in the investigation: the decision is still owed.
    await h.record(stream, m, '2025-06-05T10:00:00+08:00', 'PenaltyNoticeServed', caseEvents.notice(CASE));
    await h.record(stream, m, '2025-06-09T10:00:00+08:00', 'HearingRecorded', caseEvents.hearing(CASE));
    h.clock.set(RUNGS[1][1]);
    expect((await scheduler.tick()).escalated.map((r) => r.rung)).toEqual(['supervision']);

    await h.record(
      stream,
      m,
      '2025-06-12T10:00:00+08:00',
      'PenaltyDecided',
      caseEvents.decided(CASE, '2025-12-31T17:00:00+08:00'),
    );
    h.clock.set(LONG_AFTER);
    expect(await scheduler.tick()).toMatchObject({ escalationsDue: 0, escalated: [], failed: 0 });
    expect(await ladder()).toEqual(RUNGS.slice(0, 2));
    expect(await scheduler.index.ofStream(stream)).toContainEqual(
      expect.objectContaining({
        deadlineId: DEADLINE,
        missed: true,
        running: false,
        rungs: ['reminder', 'supervision'],
        escalating: false,
        nextRung: null,
      }),
    );
  });

  it('lets the stream, not a stale index entry, decide', async () => {
    await fileCase();
    h.clock.set(MISSED);
    const scheduler = await start();
    await scheduler.tick();
    await decideCase(h, CASE, [
      '2025-06-05T10:00:00+08:00',
      '2025-06-06T10:00:00+08:00',
      '2025-06-09T10:00:00+08:00',
    ]);
    await scheduler.tick();
    // An index replica that lags behind the stream still has the ladder climbing.
    const docs = h.ctx.readModels.collection<DeadlineDoc>(DEADLINES_COLLECTION);
    const left = await docs.get(`${stream}/${DEADLINE}`);
    expect(left).toMatchObject({ escalating: false });
    await docs.upsert(
      { ...left!, escalating: true, nextRung: 'supervision', nextRungAt: RUNGS[1][1] },
      1_000,
    );

    h.clock.set(LONG_AFTER);
    expect(await scheduler.tick()).toMatchObject({ escalationsDue: 1, escalated: [], failed: 0 });
    expect(await ladder()).toEqual(RUNGS.slice(0, 1));
  });
});

describe('escalationsFor', () => {
  it('gives a division the rungs reported to it, latest first, and nothing of the levels below', async () => {
    const other = 'LC-141102-20250303-0000000f';
    const city = 'LC-141100-20250303-00000010';
    await fileCase();
    await fileCase(other, '141102');
    await fileCase(city, '141100');
    h.clock.set(RUNGS[1][1]);
    const scheduler = await start();
    await scheduler.tick();

    const toCity = await escalationsFor(h.ctx.readModels, '141100');
    expect(toCity.total).toBe(4);
    expect(toCity.items.map((d) => [d.caseId, d.rung])).toEqual([
      [other, 'supervision'],
      [CASE, 'supervision'],
      [other, 'reminder'],
      [CASE, 'reminder'],
    ]);
    expect(toCity.items[1]).toEqual({
      id: `${stream}/${DEADLINE}/supervision`,
      caseId: CASE,
      service: 'enforcement',
      streamId: stream,
      deadlineId: DEADLINE,
      rung: 'supervision',
      raisedAt: RUNGS[1][1],
      divisionCode: '141181',
      escalatedToDivisionCode: '141100',
      rule: 'escalation.supervision',
      source: 'seed 000 §(四); seed 004 §二(六)3',
    });

    const toProvince = await escalationsFor(h.ctx.readModels, '140000');
    expect(toProvince.items.map((d) => [d.caseId, d.divisionCode, d.rung])).toEqual([
      [city, '141100', 'supervision'],
      [city, '141100', 'reminder'],
    ]);
    expect(await escalationsFor(h.ctx.readModels, '141181')).toEqual({ items: [], total: 0 });
    expect(await escalationsFor(h.ctx.readModels, '141100', { service: 'referral' })).toEqual({
      items: [],
      total: 0,
    });
    expect(
      (await escalationsFor(h.ctx.readModels, '141100', { limit: 1, offset: 1 })).items.map((d) => d.caseId),
    ).toEqual([CASE]);
  });
});
