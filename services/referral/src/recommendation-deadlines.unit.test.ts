import { loadCalendar, recommendationMachine, referralMachine } from '@landcase/lifecycle';
import { type DeadlineScheduler, startDeadlineScheduler } from '@landcase/service-kit';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from './index.ts';
import { openCase } from './test-http.ts';

// The reply to a procuratorial recommendation is due within 2 calendar months of its service, or
// 15 days where the harm is growing; the referral service's scheduler records the miss (naming the
// recommendation) and climbs the escalation ladder. Time is the harness clock, set per tick.

const CASE = 'LC-141181-20260302-0a1b2c3d';
const DOCS = [{ kind: 'procuratorial-recommendation', ref: '汾检行公建〔2026〕5号' }];

let sys: TestSystem;
let recommendations: DeadlineScheduler;
let referrals: DeadlineScheduler;
const tokens: Record<string, string> = {};

beforeEach(async () => {
  sys = await startTestSystem(referralModule, '2026-01-05T02:00:00.000Z');
  tokens.proc = await sys.token('proc', ['officer']);
  tokens.nrb = await sys.token('nrb', ['officer', 'head']);
  tokens.city = await sys.token('nrb', ['officer'], '141100');
  await openCase(sys, CASE);
  // Ticked by hand, beside the module's own (which ticked once at start, before anything existed).
  const options = { calendar: loadCalendar(), runAtStart: false };
  recommendations = await startDeadlineScheduler(sys.ctx, {
    ...options,
    machine: recommendationMachine,
    aggregate: 'recommendation',
    idField: 'recommendationId',
  });
  referrals = await startDeadlineScheduler(sys.ctx, {
    ...options,
    machine: referralMachine,
    aggregate: 'referral',
    idField: 'referralId',
  });
});
afterEach(async () => {
  await recommendations.stop();
  await referrals.stop();
  await sys.stop();
});

async function post(url: string, token: string, body: unknown) {
  const res = await sys.app.inject({
    method: 'POST',
    url: `/referral${url}`,
    headers: { authorization: `Bearer ${token}` },
    payload: body as object,
  });
  return { status: res.statusCode, body: res.json() };
}

async function issue(issuedAt: string, harmGrowing = false): Promise<string> {
  const res = await post('/recommendations', tokens.proc!, {
    caseId: CASE,
    to: 'nrb',
    divisionCode: '141181',
    content: '依法拆除违法建筑、恢复耕地种植条件',
    harmGrowing,
    documents: DOCS,
    issuedAt,
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const eventsOf = (streamId: string) => sys.store.readStream(streamId);
const recommendationEvents = (id: string) => eventsOf(`referral.recommendation-${id}`);
const typesOf = async (id: string) => (await recommendationEvents(id)).map((e) => e.type);

async function tick(at: string) {
  sys.clock.set(at);
  return recommendations.tick();
}

describe('recommendation reply deadline', () => {
  it('runs 2 calendar months, clamped to the end of February, and is missed once', async () => {
    // Served on 31 December 2025: no 31 February, so the last day is Sat 28 Feb 2026 (a worked day).
    sys.clock.set('2026-01-05T02:00:00.000Z');
    const id = await issue('2025-12-31T10:00:00+08:00');

    expect((await tick('2026-02-28T15:59:59.000Z')).missed).toEqual([]);
    const missed = await tick('2026-02-28T16:00:00.000Z');
    expect(missed.missed).toEqual([
      expect.objectContaining({
        dueAt: '2026-02-28T15:59:59.999Z',
        streamId: `referral.recommendation-${id}`,
      }),
    ]);
    const events = await recommendationEvents(id);
    expect(events.map((e) => e.type)).toEqual(['RecommendationIssued', 'DeadlineMissed', 'EscalationRaised']);
    expect(events[1]!.data).toMatchObject({
      caseId: CASE,
      recommendationId: id,
      state: 'awaitingReply',
      rule: 'deadline.recommendation.reply',
      dueAt: '2026-02-28T15:59:59.999Z',
    });
    expect(events[2]!.data).toMatchObject({
      recommendationId: id,
      rung: 'reminder',
      escalatedToDivisionCode: '141100',
    });

    await tick('2026-03-01T02:00:00.000Z');
    await tick('2026-03-01T03:00:00.000Z');
    expect((await typesOf(id)).filter((t) => t === 'DeadlineMissed')).toHaveLength(1);
  });

  it('runs 15 days where the harm is growing', async () => {
    sys.clock.set('2026-03-10T02:00:00.000Z');
    // Served Tue 10 March 2026: day 15 is Wed 25 March, a working day.
    const id = await issue('2026-03-10T10:00:00+08:00', true);
    expect((await tick('2026-03-25T15:59:59.000Z')).missed).toEqual([]);
    await tick('2026-03-25T16:00:00.000Z');
    const missed = (await recommendationEvents(id)).find((e) => e.type === 'DeadlineMissed');
    expect(missed?.data).toMatchObject({
      recommendationId: id,
      state: 'awaitingUrgentReply',
      rule: 'deadline.recommendation.reply-urgent',
      dueAt: '2026-03-25T15:59:59.999Z',
    });
  });

  it('is not missed once replied to in time, and a late reply still closes the ladder', async () => {
    sys.clock.set('2026-03-10T02:00:00.000Z');
    const onTime = await issue('2026-03-10T10:00:00+08:00', true);
    const late = await issue('2026-03-10T10:00:00+08:00', true);
    sys.clock.set('2026-03-20T02:00:00.000Z');
    await post(`/recommendations/${onTime}/reply`, tokens.nrb!, { measures: 'm', documents: [] });
    await tick('2026-03-26T02:00:00.000Z');
    expect(await typesOf(onTime)).toEqual(['RecommendationIssued', 'RecommendationReplied']);
    expect(await typesOf(late)).toEqual(['RecommendationIssued', 'DeadlineMissed', 'EscalationRaised']);

    const replied = await post(`/recommendations/${late}/reply`, tokens.nrb!, {
      measures: 'm',
      documents: [],
    });
    expect(replied.body).toMatchObject({
      state: 'replied',
      deadlinesMissed: [expect.objectContaining({ rule: 'deadline.recommendation.reply-urgent' })],
    });
    // Supervision would have come 5 working days after the reminder; the reply ended the ladder.
    await tick('2026-04-30T02:00:00.000Z');
    expect((await typesOf(late)).filter((t) => t === 'EscalationRaised')).toHaveLength(1);
  });

  it('shows the escalation to the superior division at /referral/escalations', async () => {
    sys.clock.set('2026-03-10T02:00:00.000Z');
    const id = await issue('2026-03-10T10:00:00+08:00', true);
    await tick('2026-03-26T02:00:00.000Z');
    const res = await sys.app.inject({
      method: 'GET',
      url: '/referral/escalations?divisionCode=141100',
      headers: { authorization: `Bearer ${tokens.city}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        caseId: CASE,
        streamId: `referral.recommendation-${id}`,
        rung: 'reminder',
        divisionCode: '141181',
      }),
    ]);
    // The city's figures are not the county's to read, nor the procuratorate's.
    for (const token of [tokens.nrb!, tokens.proc!]) {
      const refused = await sys.app.inject({
        method: 'GET',
        url: '/referral/escalations?divisionCode=141100',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().rule).toMatchObject({ id: 'referral.escalations' });
    }
  });
});

describe('referral deadlines name their referral', () => {
  it('places each DeadlineMissed and rung on its own referral when a case has two', async () => {
    sys.clock.set('2026-03-10T02:00:00.000Z');
    const draft = async () => {
      const res = await post('/referrals', tokens.nrb!, {
        caseId: CASE,
        to: 'psb',
        reason: 'PBF 6.2 mu occupied',
        documents: [],
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const first = await draft();
    const second = await draft();
    // The head decides within 3 days; nobody did.
    sys.clock.set('2026-03-14T02:00:00.000Z');
    const report = await referrals.tick();
    expect(report.missed).toHaveLength(2);
    for (const id of [first, second]) {
      const events = await eventsOf(`referral.referral-${id}`);
      const own = events.filter((e) => e.type === 'DeadlineMissed' || e.type === 'EscalationRaised');
      expect(own.map((e) => e.type)).toEqual(['DeadlineMissed', 'EscalationRaised']);
      expect(own.every((e) => e.data.referralId === id && e.data.caseId === CASE)).toBe(true);
    }
    // The read model rebuilds only the referral an event names.
    await eventually('both referrals show their own missed deadline', async () => {
      const res = await sys.app.inject({
        method: 'GET',
        url: `/referral/referrals?caseId=${CASE}`,
        headers: { authorization: `Bearer ${tokens.nrb}` },
      });
      const items = res.json().items as { id: string; deadlinesMissed: { referralId?: string }[] }[];
      return items.length === 2 &&
        items.every((i) => i.deadlinesMissed.length === 1 && i.deadlinesMissed[0]!.referralId === i.id)
        ? items
        : undefined;
    });
  });
});
