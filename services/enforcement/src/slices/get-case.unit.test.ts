import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforcementModule } from '../index.ts';
import { type Harness, happyHistory, harness, PARTY, seedCase } from '../test-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness([enforcementModule]);
});
afterEach(() => h.close());

describe('GET /enforcement/cases/{caseId}', () => {
  it('folds the case from its stream, with its revision as ETag', async () => {
    await seedCase(h, 'LC-G', happyHistory('LC-G').slice(0, 4));
    const res = await h.get('/enforcement/cases/LC-G', await h.token('psb'));
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"3"');
    expect(res.body).toMatchObject({
      id: 'LC-G',
      caseId: 'LC-G',
      state: 'investigation.filed',
      revision: 3,
      divisionCode: '141181',
      party: PARTY,
      stopOrder: { documentRef: 'FY-STOP-017' },
      stopConfirmations: [{ stopped: true }],
      filing: { filingNo: 'FY-LA-031', filedAt: '2026-03-06T10:00:00+08:00' },
    });
  });

  it('answers 404 problem+json for an unknown case', async () => {
    const res = await h.get('/enforcement/cases/LC-none', await h.token('nrb'));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
