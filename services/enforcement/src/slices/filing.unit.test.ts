import { PROBLEM_BASE } from '@landcase/contracts';
import { RULE_SET } from '@landcase/lifecycle';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterSteps, commandContract } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import { caseStream, type Harness, happyHistory, harness, PARTY, seedCase } from '../test-harness.ts';

commandContract({
  path: 'filing',
  history: afterSteps(3),
  body: { filingNo: 'FY-LA-031', filedAt: '2026-03-06T10:00:00+08:00' },
  // Carries what referral needs to apply its thresholds, from the case.
  event: {
    type: 'CaseFiled',
    data: {
      filingNo: 'FY-LA-031',
      filedAt: '2026-03-06T10:00:00+08:00',
      divisionCode: '141181',
      landClass: 'pbf',
      areaMu: 6.2,
      party: PARTY,
    },
  },
  state: 'investigation.filed',
  bad: [
    ['a missing field', { filedAt: '2026-03-06T10:00:00+08:00' }, '/filingNo'],
    ['a wrong type', { filingNo: 31, filedAt: '2026-03-06T10:00:00+08:00' }, '/filingNo'],
  ],
  // An ongoing violation is filed once the stop is confirmed or refused, not while a stop order is out.
  tooEarly: { history: afterSteps(2), state: 'stopOrdered' },
});

// Filing before discovery: given a case discovered at 09:00 on 2 March and stopped, when it is
// filed at or after that instant it is accepted, a millisecond earlier it is refused by the rule.
describe('a filing dated before the discovery', () => {
  let h: Harness;
  const caseId = 'LC-141181-20260302-0000f11e';
  const url = `/enforcement/cases/${caseId}/filing`;
  const DISCOVERED = '2026-03-02T09:00:00+08:00';
  beforeEach(async () => {
    h = await harness([enforcementModule]);
    await seedCase(h, caseId, happyHistory(caseId).slice(0, 3));
  });
  afterEach(() => h.close());

  it('is accepted exactly at the discovery', async () => {
    const res = await h.post(url, await h.token('nrb'), { filingNo: 'FY-1', filedAt: DISCOVERED });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.filing).toEqual({ filingNo: 'FY-1', filedAt: DISCOVERED });
  });

  it('is refused a millisecond before it: 422 naming the rule, appending nothing', async () => {
    const res = await h.post(url, await h.token('nrb'), {
      filingNo: 'FY-1',
      filedAt: '2026-03-02T08:59:59.999+08:00',
    });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: `${PROBLEM_BASE}rule-violation`,
      rule: {
        id: 'case.filing-after-discovery',
        source: RULE_SET.rules['case.filing-after-discovery']!.source,
      },
    });
    expect(await h.store.readStream(caseStream(caseId))).toHaveLength(3);
  });
});

// The 2-year limitation (Administrative Penalty Law art. 36): given a case discovered at 09:00 on
// 2 March 2026, when it is filed with the day the violation ended, then a violation that ended on
// 2 March 2024 or later is filed, one that ended on 1 March 2024 is refused by case.limitation.
describe('the limitation of 2 years from the end of the violation to its discovery', () => {
  let h: Harness;
  const caseId = 'LC-141181-20260302-0000117e';
  const url = `/enforcement/cases/${caseId}/filing`;
  const filing = { filingNo: 'FY-2', filedAt: '2026-03-06T10:00:00+08:00' };
  beforeEach(async () => {
    h = await harness([enforcementModule]);
    await seedCase(h, caseId, happyHistory(caseId).slice(0, 3));
  });
  afterEach(() => h.close());

  it.each([
    ['a day under 2 years', '2024-03-03T00:00:00+08:00'],
    ['exactly 2 years, to the last minute of the day', '2024-03-02T23:59:00+08:00'],
  ])('files a violation discovered %s after it ended, keeping the end', async (_what, violationEndedAt) => {
    const res = await h.post(url, await h.token('nrb'), { ...filing, violationEndedAt });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.filing).toEqual({ ...filing, violationEndedAt });
    const events = await h.store.readStream(caseStream(caseId));
    expect(events.at(-1)!.data).toMatchObject({ violationEndedAt });
  });

  it('refuses one discovered 2 years and a day after it ended: 422 naming the rule and the field', async () => {
    const res = await h.post(url, await h.token('nrb'), {
      ...filing,
      violationEndedAt: '2024-03-01T23:59:59.999+08:00',
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      type: `${PROBLEM_BASE}rule-violation`,
      rule: { id: 'case.limitation', source: 'Administrative Penalty Law art. 36' },
      errors: [{ path: '/violationEndedAt' }],
    });
    expect(await h.store.readStream(caseStream(caseId))).toHaveLength(3);
  });

  it('runs no limitation while the violation goes on (no end given)', async () => {
    const res = await h.post(url, await h.token('nrb'), filing);
    expect(res.status).toBe(200);
    expect(res.body.filing).toEqual(filing);
  });
});
