import { PROBLEM_BASE } from '@landcase/contracts';
import { RULE_SET } from '@landcase/lifecycle';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterSteps, commandContract } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import {
  caseStream,
  DECISION_CONTENTS,
  type Harness,
  happyHistory,
  harness,
  reviewsOf,
  seedCase,
} from '../test-harness.ts';

const decision = {
  measures: ['demolish', 'restore', 'fine'],
  fineYuan: 124_000,
  complyBy: '2026-06-30T18:00:00+08:00',
  decisionRef: 'FY-DECISION-031',
  ...DECISION_CONTENTS,
};

/** Heard, and reviewed as a major case must be (6.2 mu of PBF): revisions 0-7. */
const reviewed = (caseId: string) => [...afterSteps(6)(caseId), ...reviewsOf(caseId)];

commandContract({
  path: 'penalty-decision',
  history: reviewed,
  body: decision,
  event: {
    type: 'PenaltyDecided',
    data: { ...decision, divisionCode: '141181', landClass: 'pbf', areaMu: 6.2 },
  },
  state: 'decided',
  bad: [
    ['a missing field', { ...decision, complyBy: undefined }, '/complyBy'],
    ['an unknown measure', { ...decision, measures: ['warn'] }, '/measures/0'],
    ['a negative fine', { ...decision, fineYuan: -5 }, '/fineYuan'],
    ['a fine without an amount', { ...decision, fineYuan: undefined }, '/fineYuan'],
    ['an amount without a fine', { ...decision, measures: ['demolish'] }, '/fineYuan'],
    ['a blank content', { ...decision, facts: '' }, '/facts'],
    ['an unknown part of the appeal route', { ...decision, appeal: { court: 'x' } }, '/appeal/court'],
  ],
  tooEarly: { history: afterSteps(5), state: 'investigation.noticed' },
});

describe('the no-fine-only rule', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness([enforcementModule]);
  });
  afterEach(() => h.close());

  it.each(['pbf', 'farmland'])(
    'refuses a fine alone on %s land with 422 naming the rule, appending nothing',
    async (landClass) => {
      const caseId = `LC-${landClass}`;
      await seedCase(
        h,
        caseId,
        happyHistory(caseId, { landClass })
          .slice(0, 6)
          .map((e) => (e.type === 'CaseFiled' ? { ...e, data: { ...e.data, landClass } } : e)),
      );
      const res = await h.post(`/enforcement/cases/${caseId}/penalty-decision`, await h.token('nrb'), {
        ...decision,
        measures: ['fine'],
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        type: `${PROBLEM_BASE}rule-violation`,
        rule: { id: 'penalty.no-fine-only', source: RULE_SET.rules['penalty.no-fine-only']!.source },
      });
      expect(await h.store.readStream(caseStream(caseId))).toHaveLength(6);
    },
  );

  it('accepts a fine alone where the land is not protected by the rule', async () => {
    const caseId = 'LC-construction';
    await seedCase(h, caseId, [
      ...happyHistory(caseId, { landClass: 'construction' })
        .slice(0, 6)
        .map((e) => (e.type === 'CaseFiled' ? { ...e, data: { ...e.data, landClass: 'construction' } } : e)),
      // A fine of 124,000 yuan makes the case major (penalty.major.fine).
      ...reviewsOf(caseId),
    ]);
    const res = await h.post(`/enforcement/cases/${caseId}/penalty-decision`, await h.token('nrb'), {
      ...decision,
      measures: ['fine'],
    });
    expect(res.status).toBe(200);
    expect(res.body.decision).toMatchObject({ measures: ['fine'], fineYuan: 124_000 });
  });
});

describe("the decision's service, from which the party's periods run", () => {
  let h: Harness;
  const caseId = 'LC-141181-20260302-0000a9ed';
  const url = `/enforcement/cases/${caseId}/penalty-decision`;
  beforeEach(async () => {
    h = await harness([enforcementModule]);
    await seedCase(h, caseId, reviewed(caseId));
  });
  afterEach(() => h.close());

  it('records servedAt as given', async () => {
    const res = await h.post(url, await h.token('nrb'), {
      ...decision,
      servedAt: '2026-03-25T10:00:00+08:00',
    });
    expect(res.status).toBe(200);
    expect(res.body.decision).toMatchObject({ servedAt: '2026-03-25T10:00:00+08:00' });
    const events = await h.store.readStream(caseStream(caseId));
    expect(events.at(-1)!.data).toMatchObject({ servedAt: '2026-03-25T10:00:00+08:00' });
  });

  it('takes the time it is recorded, by the clock, when servedAt is not given', async () => {
    const res = await h.post(url, await h.token('nrb'), decision);
    expect(res.status).toBe(200);
    const events = await h.store.readStream(caseStream(caseId));
    const servedAt = (events.at(-1)!.data as { servedAt: string }).servedAt;
    expect(servedAt).toBe(events.at(-1)!.recordedAt);
  });

  it('refuses a servedAt in a year the business calendar cannot count, naming the field', async () => {
    const res = await h.post(url, await h.token('nrb'), { ...decision, servedAt: '0001-01-01T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/servedAt' })]);
    expect(await h.store.readStream(caseStream(caseId))).toHaveLength(8);
  });
});
