import { topicOf } from '@landcase/contracts';
import { runConsumer } from '@landcase/messaging';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceModule } from './context.ts';
import { DEADLINES_COLLECTION, type DeadlineDoc } from './deadlines/deadline-index.ts';
import { eventually, startTestSystem, type TestSystem } from './testing.ts';

// A referral consumer group holds its first message until the test lets it go: the group lags by
// the time the test clock moves on. The referral service's deadline index holds deadlines due
// before, within and after that lag (+ the default 5-minute margin).

const GROUP = 'referral.at-risk-test';
let release: () => void = () => {};
const gate = new Promise<void>((resolve) => {
  release = resolve;
});
const module: ServiceModule = {
  name: 'referral',
  routes: async () => {},
  start: async (ctx) =>
    runConsumer({
      bus: ctx.bus,
      groupId: GROUP,
      topics: [topicOf('referral')],
      seen: ctx.readModels.seen,
      handle: () => gate,
    }),
};

const START = '2026-03-10T02:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(START) + 10 * 60_000 + minutes * 60_000).toISOString();

function deadline(n: number, dueAt: string, more: Partial<DeadlineDoc> = {}): DeadlineDoc {
  return {
    id: `referral.referral-${n}/deadline.referral.reply@0`,
    deadlineId: 'deadline.referral.reply@0',
    streamId: `referral.referral-${n}`,
    caseId: `LC-${n}`,
    service: 'referral',
    aggregate: 'referral',
    state: 'awaitingReply',
    rule: 'deadline.referral.reply',
    source: 'test',
    startedAt: START,
    dueAt,
    provisional: false,
    startEventId: `e-${n}`,
    open: true,
    missed: false,
    running: true,
    missedEventId: null,
    rungs: [],
    escalating: false,
    nextRung: null,
    nextRungAt: null,
    ...more,
  };
}

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem(module, START);
  const deadlines = sys.readModels.collection<DeadlineDoc>(DEADLINES_COLLECTION);
  for (const doc of [
    deadline(1, at(5)), // within the 10-minute lag: at risk
    deadline(2, at(14)), // within the lag + 5-minute margin: at risk
    deadline(3, at(16)), // beyond: not
    deadline(4, at(-1)), // already past: the scheduler's, not the lag's
    deadline(5, at(2), { open: false, missed: true }), // recorded as missed: not open
    deadline(6, at(2), { service: 'enforcement', streamId: 'enforcement.case-6' }), // not this process's
  ])
    await deadlines.upsert(doc, 1);
  await sys.publish('referral', 'ReferralSent', { caseId: 'LC-1' });
});
afterAll(async () => {
  release();
  await sys.stop();
});

const get = async (roles: string[]) =>
  sys.app.inject({
    url: '/ops/at-risk',
    headers: { authorization: `Bearer ${await sys.token('nrb', roles)}` },
  });

describe('GET /ops/at-risk', () => {
  it("lists the ops role the open deadlines due within the group's lag plus the margin", async () => {
    // The message waits from START; ten minutes on, the group has been behind for ten minutes.
    await eventually('the message in hand', async () => {
      await sys.app.lagMonitor.sample();
      return sys.app.lagMonitor.report().find((g) => g.group === GROUP && g.lag === 1);
    });
    sys.clock.set(new Date(Date.parse(START) + 10 * 60_000).toISOString());
    await sys.app.lagMonitor.sample();

    const res = await get(['ops']);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ now: at(0), marginSeconds: 300, total: 2 });
    expect(body.lagging).toEqual([{ name: `consumer:${GROUP}`, service: 'referral', waitSeconds: 600 }]);
    expect(body.items).toEqual([
      {
        caseId: 'LC-1',
        streamId: 'referral.referral-1',
        service: 'referral',
        deadlineId: 'deadline.referral.reply@0',
        rule: 'deadline.referral.reply',
        state: 'awaitingReply',
        dueAt: at(5),
        endangeredBy: [`consumer:${GROUP}`],
      },
      expect.objectContaining({ caseId: 'LC-2', dueAt: at(14) }),
    ]);
    const metrics = (await sys.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^landcase_deadlines_at_risk 2$/m);
  });

  it('refuses a caller without the ops role (403) and an anonymous one (401)', async () => {
    for (const roles of [['officer'], ['auditor'], ['head']]) {
      const res = await get(roles);
      expect(res.statusCode).toBe(403);
      expect(res.json().rule.id).toBe('ops.deadlines.at-risk');
      expect(res.body).not.toContain('LC-1');
    }
    expect((await sys.app.inject({ url: '/ops/at-risk' })).statusCode).toBe(401);
  });

  it('refuses an unknown query parameter (400) and lists nothing once the group caught up', async () => {
    const bad = await sys.app.inject({
      url: '/ops/at-risk?since=now',
      headers: { authorization: `Bearer ${await sys.token('nrb', ['ops'])}` },
    });
    expect(bad.statusCode).toBe(400);

    release();
    await eventually('the group caught up', async () => {
      await sys.app.lagMonitor.sample();
      return sys.app.lagMonitor.report().find((g) => g.group === GROUP && g.lag === 0);
    });
    const body = (await get(['ops'])).json();
    expect(body).toMatchObject({ lagging: [], total: 0, items: [] });
  });
});
