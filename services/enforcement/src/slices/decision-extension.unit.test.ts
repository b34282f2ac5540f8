import { PROBLEM_BASE } from '@landcase/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterSteps, commandContract } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import { caseStream, type Harness, harness, NOW, seedCase } from '../test-harness.ts';

const body = {
  extendedUntil: '2026-07-31T18:00:00+08:00',
  reason: 'appraisal of the buildings not yet returned',
};

commandContract({
  path: 'decision-extension',
  history: afterSteps(4),
  body,
  roles: ['officer', 'head'],
  forbidden: 'gov',
  event: {
    type: 'DecisionPeriodExtended',
    data: { ...body, approvedBy: 'nrb:nrb-user', approvedAt: NOW.toISOString() },
  },
  // The period is extended, the case stays where it is.
  state: 'investigation.filed',
  bad: [
    ['a missing date', { reason: body.reason }, '/extendedUntil'],
    ['a date without offset', { ...body, extendedUntil: '2026-07-31T18:00:00' }, '/extendedUntil'],
    ['an empty reason', { ...body, reason: '' }, '/reason'],
    ['an approver sent by the client', { ...body, approvedBy: 'someone' }, '/approvedBy'],
  ],
  // Before filing there is no decision period to extend.
  tooEarly: { history: afterSteps(3), state: 'stopped' },
});

describe('extending the decision period', () => {
  let h: Harness;
  const caseId = 'LC-141181-20260302-0000e47d';
  const url = `/enforcement/cases/${caseId}/decision-extension`;
  const stream = () => h.store.readStream(caseStream(caseId));
  beforeEach(async () => {
    h = await harness([enforcementModule]);
  });
  afterEach(() => h.close());

  it('is refused with 403 to a bureau officer who is not its head, appending nothing', async () => {
    await seedCase(h, caseId, afterSteps(4)(caseId));
    const res = await h.post(url, await h.token('nrb', ['officer']), body);
    expect(res.status).toBe(403);
    expect(await stream()).toHaveLength(4);
  });

  it('is refused with 409 once the penalty is decided', async () => {
    await seedCase(h, caseId, afterSteps(7)(caseId));
    const res = await h.post(url, await h.token('nrb', ['head']), body);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ currentState: 'decided', attempted: 'DecisionPeriodExtended' });
    expect(await stream()).toHaveLength(7);
  });

  it('must end after the 90 days, then after the last extension; each is shown on the case', async () => {
    // Filed 6 March 2026: the 90 days end on 4 June, 24:00 in Beijing.
    await seedCase(h, caseId, afterSteps(6)(caseId));
    const head = await h.token('nrb', ['head']);
    const within = await h.post(url, head, { ...body, extendedUntil: '2026-06-04T23:00:00+08:00' });
    expect(within.status).toBe(422);
    expect(within.body).toMatchObject({
      type: `${PROBLEM_BASE}rule-violation`,
      rule: { id: 'deadline.case.decide' },
    });
    expect(await stream()).toHaveLength(6);

    expect((await h.post(url, head, body)).status).toBe(200);
    const same = await h.post(url, head, body);
    expect(same.status).toBe(422);
    expect(same.body.rule.id).toBe('deadline.case.decide-extended');

    const later = await h.post(url, head, {
      extendedUntil: '2026-09-30T18:00:00+08:00',
      reason: 'second appraisal',
    });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    expect(later.body).toMatchObject({ state: 'investigation.heard', revision: 7 });
    expect(later.body.decisionExtensions).toEqual([
      expect.objectContaining({ extendedUntil: body.extendedUntil, approvedBy: 'nrb:nrb-user' }),
      expect.objectContaining({ extendedUntil: '2026-09-30T18:00:00+08:00', reason: 'second appraisal' }),
    ]);
  });
});
