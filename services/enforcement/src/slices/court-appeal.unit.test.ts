import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandContract, refusedByCourt } from '../command-test-kit.ts';
import { enforcementModule } from '../index.ts';
import { caseStream, type Harness, harness, seedCase } from '../test-harness.ts';

const body = { appealedAt: '2026-08-25T10:00:00+08:00', courtRef: 'LL-COURT-REVIEW-2026-3' };

commandContract({
  path: 'court-appeal',
  history: refusedByCourt,
  body,
  event: { type: 'CourtRulingAppealed', data: body },
  state: 'courtAppeal',
  bad: [
    ['no time of the appeal', { courtRef: body.courtRef }, '/appealedAt'],
    ['a time without offset', { ...body, appealedAt: '2026-08-25T10:00:00' }, '/appealedAt'],
    ['an empty docket number', { ...body, courtRef: '' }, '/courtRef'],
  ],
  // Only a refusal may be appealed: not an application still before the court.
  tooEarly: { history: (caseId) => refusedByCourt(caseId).slice(0, -1), state: 'courtApplied' },
});

describe("the bureau's appeal and the higher court's ruling", () => {
  let h: Harness;
  const caseId = 'LC-141181-20260302-0000a9ea';
  const base = `/enforcement/cases/${caseId}`;
  const stream = () => h.store.readStream(caseStream(caseId));
  beforeEach(async () => {
    h = await harness([enforcementModule]);
    await seedCase(h, caseId, refusedByCourt(caseId));
  });
  afterEach(() => h.close());

  it('executes the decision when the higher court grants it, through the court-ruling route', async () => {
    expect((await h.post(`${base}/court-appeal`, await h.token('nrb'), body)).status).toBe(200);
    const ruled = await h.post(`${base}/court-ruling`, await h.token('court'), {
      granted: true,
      rulingRef: 'LL-COURT-REVIEW-2026-3',
    });
    expect(ruled.status).toBe(200);
    expect(ruled.body).toMatchObject({ state: 'executed', courtAppeals: [body] });
    expect(ruled.body.courtRulings.map((r: { granted: boolean }) => r.granted)).toEqual([false, true]);
  });

  it('refuses a second appeal of the same refusal with 409, appending nothing', async () => {
    const nrb = await h.token('nrb');
    expect((await h.post(`${base}/court-appeal`, nrb, { appealedAt: body.appealedAt })).status).toBe(200);
    const upheld = await h.post(`${base}/court-ruling`, await h.token('court'), {
      granted: false,
      rulingRef: 'LL-COURT-REVIEW-2026-3',
    });
    expect(upheld.body).toMatchObject({
      state: 'courtRefused',
      courtAppeals: [{ appealedAt: body.appealedAt }],
    });
    const again = await h.post(`${base}/court-appeal`, nrb, body);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ currentState: 'courtRefused', attempted: 'CourtRulingAppealed' });
    expect(await stream()).toHaveLength(12);
  });
});
