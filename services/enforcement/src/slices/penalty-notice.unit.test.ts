import { PROBLEM_BASE } from '@landcase/contracts';
import { RULE_SET } from '@landcase/lifecycle';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterSteps, commandContract } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import { caseStream, type Harness, happyHistory, harness, seedCase } from '../test-harness.ts';

commandContract({
  path: 'penalty-notice',
  history: afterSteps(4),
  body: { measures: ['demolish', 'restore', 'fine'], noticeRef: 'FY-NOTICE-031' },
  event: {
    type: 'PenaltyNoticeServed',
    data: { measures: ['demolish', 'restore', 'fine'], noticeRef: 'FY-NOTICE-031' },
  },
  state: 'investigation.noticed',
  bad: [
    ['a missing field', { measures: ['demolish'] }, '/noticeRef'],
    ['an unknown measure', { measures: ['demolish', 'apologise'], noticeRef: 'N' }, '/measures/1'],
    ['no measure at all', { measures: [], noticeRef: 'N' }, '/measures'],
    ['a repeated measure', { measures: ['demolish', 'demolish'], noticeRef: 'N' }, '/measures'],
    ['a wrong type', { measures: 'demolish', noticeRef: 'N' }, '/measures'],
  ],
  tooEarly: { history: afterSteps(3), state: 'stopped' },
});

// Given a filed case on land of a class, when the notice intends a fine alone: refused on PBF and
// farmland, accepted elsewhere; a fine beside restoration is accepted on PBF.
describe('a notice that intends only a fine', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness([enforcementModule]);
  });
  afterEach(() => h.close());

  const filed = async (landClass: string) => {
    const caseId = `LC-notice-${landClass}`;
    await seedCase(
      h,
      caseId,
      happyHistory(caseId, { landClass })
        .slice(0, 4)
        .map((e) => (e.type === 'CaseFiled' ? { ...e, data: { ...e.data, landClass } } : e)),
    );
    return caseId;
  };
  const notice = async (caseId: string, measures: string[]) =>
    h.post(`/enforcement/cases/${caseId}/penalty-notice`, await h.token('nrb'), {
      measures,
      noticeRef: 'FY-NOTICE-1',
    });

  it.each(['pbf', 'farmland'])(
    'is refused on %s land: 422 naming the rule, appending nothing',
    async (landClass) => {
      const caseId = await filed(landClass);
      const res = await notice(caseId, ['fine']);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: `${PROBLEM_BASE}rule-violation`,
        rule: { id: 'penalty.no-fine-only', source: RULE_SET.rules['penalty.no-fine-only']!.source },
      });
      expect(await h.store.readStream(caseStream(caseId))).toHaveLength(4);
    },
  );

  it('is accepted with restoration beside the fine on PBF, and alone on land the rule does not protect', async () => {
    expect((await notice(await filed('pbf'), ['restore', 'fine'])).status).toBe(200);
    const other = await notice(await filed('construction'), ['fine']);
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    expect(other.body.penaltyNotice).toMatchObject({ measures: ['fine'] });
  });
});
