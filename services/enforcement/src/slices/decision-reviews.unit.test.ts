import { PROBLEM_BASE } from '@landcase/contracts';
import { enforcementCaseMachine, evolve, loadCalendar, RULE_SET } from '@landcase/lifecycle';
import { RuleViolation } from '@landcase/service-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseFields } from '../case.ts';
import { afterSteps, commandContract } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import {
  caseStream,
  DECISION_CONTENTS,
  type Harness,
  harness,
  reviewsOf,
  seedCase,
} from '../test-harness.ts';
import { decidePenaltyDecision } from './penalty-decision.ts';

const [legalReview, collectiveReview] = reviewsOf('x').map(({ data: { caseId: _, ...body } }) => body);

commandContract({
  path: 'legal-review',
  history: afterSteps(6),
  body: legalReview!,
  event: { type: 'LegalReviewCompleted', data: legalReview! },
  state: 'investigation.heard',
  bad: [
    ['a missing opinion', { ...legalReview, opinion: undefined }, '/opinion'],
    ['an unknown conclusion', { ...legalReview, conclusion: 'maybe' }, '/conclusion'],
  ],
  // Reviewed once the case is filed, not before.
  tooEarly: { history: afterSteps(3), state: 'stopped' },
});

commandContract({
  path: 'collective-review',
  history: afterSteps(6),
  body: collectiveReview!,
  roles: ['head'],
  event: { type: 'CollectiveReviewHeld', data: collectiveReview! },
  state: 'investigation.heard',
  bad: [
    ['no members', { ...collectiveReview, members: [] }, '/members'],
    ['a missing heldAt', { ...collectiveReview, heldAt: undefined }, '/heldAt'],
  ],
  tooEarly: { history: afterSteps(3), state: 'stopped' },
});

describe('who may record the reviews', () => {
  let h: Harness;
  const caseId = 'LC-141181-20260302-0000cafe';
  const at = (path: string) => `/enforcement/cases/${caseId}/${path}`;
  beforeEach(async () => {
    h = await harness([enforcementModule]);
    await seedCase(h, caseId, afterSteps(6)(caseId));
  });
  afterEach(() => h.close());

  it('refuses a collective review to a bureau officer who is not its head: 403 naming the entry', async () => {
    const res = await h.post(at('collective-review'), await h.token('nrb', ['officer']), collectiveReview);
    expect(res.status).toBe(403);
    expect(res.body.rule).toMatchObject({ id: 'enforcement.case.collective-review' });
    expect(await h.store.readStream(caseStream(caseId))).toHaveLength(6);
  });

  it("refuses it to the city bureau's head and to the government, which see the case", async () => {
    for (const token of [
      await h.token('nrb', ['officer', 'head'], '141100'),
      await h.token('gov', ['officer', 'head']),
    ]) {
      const res = await h.post(at('collective-review'), token, collectiveReview);
      expect(res.status, JSON.stringify(res.body)).toBe(403);
    }
    expect(await h.store.readStream(caseStream(caseId))).toHaveLength(6);
  });

  it('takes a legal review from an officer, and keeps both off a partner agency’s view', async () => {
    const res = await h.post(at('legal-review'), await h.token('nrb', ['officer']), legalReview);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.legalReviews).toEqual([legalReview]);
    const gov = await h.get(`/enforcement/cases/${caseId}`, await h.token('gov'));
    expect(gov.status).toBe(200);
    expect(gov.body).not.toHaveProperty('legalReviews');
    expect(gov.body).not.toHaveProperty('collectiveReviews');
  });
});

// Given a heard case of a land class and area, and the reviews held, when the bureau decides with
// these measures and this fine, then the decision is taken, or refused with 422 naming the rule
// that makes the case major (or the decision a reviewed one) and the reviews missing.
const caseId = 'LC-141181-20260302-0000dec1';
const calendar = loadCalendar();
const actor = { sub: 'nrb-user', agency: 'nrb' as const, division: '141181', roles: ['officer'] };
type Event = { type: string; data: Record<string, unknown> };

function heard(landClass: string, areaMu: number, reviews: Event[] = []): Event[] {
  const history = afterSteps(6)(caseId).map((e) =>
    e.type === 'CaseOpened' || e.type === 'CaseFiled' ? { ...e, data: { ...e.data, landClass, areaMu } } : e,
  );
  return [...history, ...reviews];
}

function when(given: Event[], decision: { measures: string[]; fineYuan?: number }) {
  return () =>
    decidePenaltyDecision({
      caseId,
      body: {
        ...decision,
        complyBy: '2026-06-30T18:00:00+08:00',
        decisionRef: 'FY-DECISION-1',
        ...DECISION_CONTENTS,
      } as never,
      case: caseFields(given)!,
      now: new Date('2026-03-25T10:00:00+08:00'),
      calendar,
      actor,
      snapshot: evolve(enforcementCaseMachine, given),
    });
}

function refusal(run: () => unknown): RuleViolation {
  try {
    run();
  } catch (error) {
    if (error instanceof RuleViolation) return error;
    throw error;
  }
  throw new Error('the decision was taken');
}

const restore = { measures: ['restore'] };
const decidedBy = (run: () => unknown) => expect(run()).toMatchObject([{ type: 'PenaltyDecided' }]);
const legalOnly = (conclusion: string) => ({
  ...reviewsOf(caseId)[0]!,
  data: { ...reviewsOf(caseId)[0]!.data, conclusion },
});
const collectiveOnly = (conclusion: string) => ({
  ...reviewsOf(caseId)[1]!,
  data: { ...reviewsOf(caseId)[1]!.data, conclusion },
});

describe('a major case by area (penalty.major.pbf-area, penalty.major.farmland-area)', () => {
  it('decides on 4.99 mu of PBF without reviews', () => decidedBy(when(heard('pbf', 4.99), restore)));

  it.each([5, 5.01])('refuses a decision on %s mu of PBF without both reviews, naming them', (areaMu) => {
    expect(refusal(when(heard('pbf', areaMu), restore)).problem).toMatchObject({
      status: 422,
      rule: { id: 'penalty.major.pbf-area', source: RULE_SET.rules['penalty.major.pbf-area']!.source },
      missing: ['collective-review', 'legal-review'],
    });
  });

  it('decides on 9.99 mu of farmland without reviews, refuses at 10 and at 10.01', () => {
    decidedBy(when(heard('farmland', 9.99), restore));
    for (const areaMu of [10, 10.01]) {
      expect(refusal(when(heard('farmland', areaMu), restore)).ruleId).toBe('penalty.major.farmland-area');
    }
  });

  it('decides on 6.2 mu of PBF once both reviews approved it', () =>
    decidedBy(when(heard('pbf', 6.2, reviewsOf(caseId)), restore)));
});

describe('a major case by its fine (penalty.major.fine)', () => {
  const fine = (fineYuan: number) => ({ measures: ['fine'], fineYuan });
  it('decides a fine of 99,999 yuan on construction land without reviews', () =>
    decidedBy(when(heard('construction', 1), fine(99_999))));

  it.each([100_000, 100_001])('refuses a fine of %s yuan without both reviews', (fineYuan) => {
    expect(refusal(when(heard('construction', 1), fine(fineYuan))).problem).toMatchObject({
      rule: { id: 'penalty.major.fine' },
      missing: ['collective-review', 'legal-review'],
    });
  });
});

describe('the reviews held, and what they concluded', () => {
  it('asks only the legal review of a demolition in a case that is not major', () => {
    expect(refusal(when(heard('pbf', 1), { measures: ['demolish', 'restore'] })).problem).toMatchObject({
      rule: { id: 'penalty.legal-review.measures' },
      missing: ['legal-review'],
    });
  });

  it('names what is still missing after one review', () => {
    expect(refusal(when(heard('pbf', 6.2, [legalOnly('approved')]), restore)).problem).toMatchObject({
      rule: { id: 'penalty.major.pbf-area' },
      missing: ['collective-review'],
    });
  });

  it('counts a review that did not approve as not held, and the last one of each kind', () => {
    const rejected = heard('pbf', 6.2, [legalOnly('not_approved'), collectiveOnly('approved')]);
    expect(refusal(when(rejected, restore)).problem).toMatchObject({ missing: ['legal-review'] });
    decidedBy(when([...rejected, legalOnly('approved')], restore));
    expect(
      refusal(when([...rejected, legalOnly('approved'), collectiveOnly('not_approved')], restore)).problem,
    ).toMatchObject({ missing: ['collective-review'] });
  });

  it('answers 409, not 422, to a decision before the hearing step', () => {
    const noticed = heard('pbf', 6.2).slice(0, 5);
    expect(when(noticed, restore)()).toMatchObject([{ type: 'PenaltyDecided' }]);
    expect(evolve(enforcementCaseMachine, noticed).can(when(noticed, restore)()[0] as never)).toBe(false);
  });
});

describe('the contents of the decision (penalty.decision.contents, art. 59)', () => {
  let h: Harness;
  const id = 'LC-141181-20260302-0000c0a7';
  const url = `/enforcement/cases/${id}/penalty-decision`;
  const decision = {
    measures: ['demolish', 'restore'],
    complyBy: '2026-06-30T18:00:00+08:00',
    decisionRef: 'FY-DECISION-7',
  };
  beforeEach(async () => {
    h = await harness([enforcementModule]);
    await seedCase(h, id, [...afterSteps(6)(id), ...reviewsOf(id)]);
  });
  afterEach(() => h.close());

  it('refuses a decision without them with 422, naming every field missing, appending nothing', async () => {
    const res = await h.post(url, await h.token('nrb'), decision);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      type: `${PROBLEM_BASE}rule-violation`,
      rule: { id: 'penalty.decision.contents', source: 'Administrative Penalty Law art. 59' },
    });
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      '/partyAddress',
      '/facts',
      '/evidence',
      '/legalBasis',
      '/complianceMethod',
      '/appeal/reconsideration/authority',
      '/appeal/reconsideration/period',
      '/appeal/lawsuit/court',
      '/appeal/lawsuit/period',
      '/decidingOrgan',
      '/decidedAt',
    ]);
    expect(await h.store.readStream(caseStream(id))).toHaveLength(8);
  });

  it('names an empty list and a missing part of the appeal route', async () => {
    const res = await h.post(url, await h.token('nrb'), {
      ...decision,
      ...DECISION_CONTENTS,
      evidence: [],
      appeal: { reconsideration: DECISION_CONTENTS.appeal.reconsideration, lawsuit: { period: '15 日' } },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      '/evidence',
      '/appeal/lawsuit/court',
    ]);
  });

  it('keeps the contents on the event and shows them on the decision', async () => {
    const res = await h.post(url, await h.token('nrb'), { ...decision, ...DECISION_CONTENTS });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.decision).toMatchObject(DECISION_CONTENTS);
    const events = await h.store.readStream(caseStream(id));
    expect(events.at(-1)!.data).toMatchObject(DECISION_CONTENTS);
  });
});
