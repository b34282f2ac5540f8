import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterSteps, commandContract } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import { caseStream, type Harness, harness, seedCase } from '../test-harness.ts';

type History = (caseId: string) => { type: string; data: Record<string, unknown> }[];

const nonCompliant: History = (caseId) => [
  ...afterSteps(7)(caseId),
  { type: 'ComplianceRecorded', data: { caseId, complied: false, observedAt: '2026-04-20T10:00:00+08:00' } },
];
const reconsideration = { appliedAt: '2026-04-01T10:00:00+08:00', authority: '阳城县人民政府' };
const lawsuit = { filedAt: '2026-04-05T10:00:00+08:00', court: '阳城县人民法院' };
const with_ =
  (history: History, type: string, data: Record<string, unknown>): History =>
  (caseId) => [...history(caseId), { type, data: { caseId, ...data } }];

commandContract({
  path: 'reconsideration',
  history: nonCompliant,
  body: reconsideration,
  event: { type: 'ReconsiderationApplied', data: reconsideration },
  state: 'nonCompliant',
  bad: [
    ['no authority', { appliedAt: reconsideration.appliedAt }, '/authority'],
    ['a time without offset', { ...reconsideration, appliedAt: '2026-04-01T10:00:00' }, '/appliedAt'],
  ],
  // Before the decision there is nothing to reconsider.
  tooEarly: { history: afterSteps(6), state: 'investigation.heard' },
});

commandContract({
  path: 'reconsideration-decision',
  history: with_(nonCompliant, 'ReconsiderationApplied', reconsideration),
  body: { decidedAt: '2026-05-30T10:00:00+08:00', upheld: true, decisionRef: '阳政复决〔2026〕3号' },
  event: {
    type: 'ReconsiderationDecided',
    data: { decidedAt: '2026-05-30T10:00:00+08:00', upheld: true, decisionRef: '阳政复决〔2026〕3号' },
  },
  state: 'nonCompliant',
  bad: [['no outcome', { decidedAt: '2026-05-30T10:00:00+08:00', decisionRef: 'x' }, '/upheld']],
  // No reconsideration pending: nothing to decide.
  tooEarly: { history: nonCompliant, state: 'nonCompliant' },
});

commandContract({
  path: 'lawsuit',
  history: nonCompliant,
  body: lawsuit,
  event: { type: 'LawsuitFiled', data: lawsuit },
  state: 'nonCompliant',
  bad: [['an empty court', { ...lawsuit, court: '' }, '/court']],
  // One remedy at a time: not while the reconsideration is pending.
  tooEarly: {
    history: with_(nonCompliant, 'ReconsiderationApplied', reconsideration),
    state: 'nonCompliant',
  },
});

commandContract({
  path: 'lawsuit-judgment',
  history: with_(nonCompliant, 'LawsuitFiled', lawsuit),
  body: { decidedAt: '2026-06-20T10:00:00+08:00', upheld: false, judgmentRef: '(2026)晋1181行初5号' },
  event: {
    type: 'LawsuitDecided',
    data: { decidedAt: '2026-06-20T10:00:00+08:00', upheld: false, judgmentRef: '(2026)晋1181行初5号' },
  },
  state: 'nonCompliant',
  bad: [
    ['a wrong type', { decidedAt: '2026-06-20T10:00:00+08:00', upheld: 'no', judgmentRef: 'x' }, '/upheld'],
  ],
  // A pending reconsideration is not answered by a judgment.
  tooEarly: {
    history: with_(nonCompliant, 'ReconsiderationApplied', reconsideration),
    state: 'nonCompliant',
  },
});

describe('the court application and the party’s remedies over HTTP', () => {
  let h: Harness;
  const caseId = 'LC-141181-20260302-0000a9ec';
  const base = `/enforcement/cases/${caseId}`;
  const stream = () => h.store.readStream(caseStream(caseId));
  const application = {
    reminderServedAt: '2026-07-02T10:00:00+08:00',
    appliedAt: '2026-07-20T10:00:00+08:00',
  };
  beforeEach(async () => {
    h = await harness([enforcementModule]);
    await seedCase(h, caseId, nonCompliant(caseId));
  });
  afterEach(() => h.close());

  it('refuses the application while the lawsuit is pending (422 naming the rule), files it after the judgment', async () => {
    const nrb = await h.token('nrb');
    expect((await h.post(`${base}/lawsuit`, nrb, lawsuit)).status).toBe(200);
    const refused = await h.post(`${base}/court-application`, nrb, application);
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ rule: { id: 'court.remedy-pending' } });
    expect(await stream()).toHaveLength(nonCompliant(caseId).length + 1);

    const judged = await h.post(`${base}/lawsuit-judgment`, nrb, {
      decidedAt: '2026-06-20T10:00:00+08:00',
      upheld: true,
      judgmentRef: '(2026)晋1181行初5号',
    });
    expect(judged.body).toMatchObject({
      state: 'nonCompliant',
      remedies: [
        { kind: 'lawsuit', ...{ at: lawsuit.filedAt, before: lawsuit.court }, outcome: { upheld: true } },
      ],
    });
    const applied = await h.post(`${base}/court-application`, nrb, application);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.state).toBe('courtApplied');
  });

  it('refuses an application 7 days after the reminder, naming the earliest date, appending nothing', async () => {
    const res = await h.post(`${base}/court-application`, await h.token('nrb'), {
      reminderServedAt: '2026-07-02T10:00:00+08:00',
      appliedAt: '2026-07-09T10:00:00+08:00',
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      type: expect.stringMatching(/rule-violation$/),
      rule: { id: 'deadline.court.reminder-wait' },
      earliest: '2026-07-15T16:00:00.000Z',
      latest: '2026-08-25T15:59:59.999Z',
    });
    expect(await stream()).toHaveLength(nonCompliant(caseId).length);
  });
});
