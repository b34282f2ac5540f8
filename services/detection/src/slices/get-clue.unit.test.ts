import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectionModule } from '../index.ts';
import { clueBody, type Harness, harness, illegalVerdict } from '../test-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness([detectionModule]);
});
afterEach(() => h.close());

describe('GET /detection/clues/{caseId}', () => {
  it('folds the clue from its stream, with its revision as ETag', async () => {
    const nrb = await h.token('nrb');
    const { caseId } = (await h.post('/detection/clues', nrb, clueBody())).body;
    await h.post(`/detection/clues/${caseId}/verification`, nrb, illegalVerdict());
    const res = await h.get(`/detection/clues/${caseId}`, nrb);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      id: caseId,
      caseId,
      state: 'verified.illegal',
      revision: 1,
      source: 'satellite',
    });
  });

  it('answers 404 problem+json for an unknown clue', async () => {
    const res = await h.get('/detection/clues/nothing-here', await h.token('nrb'));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
