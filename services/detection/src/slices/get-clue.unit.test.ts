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

  it('shows the clue to the bureau and the auditor of its divisions and to its reporter, and hides it from the rest', async () => {
    const grid = await h.token('grid');
    const { caseId } = (await h.post('/detection/clues', grid, clueBody())).body;
    const read = async (agency: Parameters<Harness['token']>[0], division = '141181') =>
      h.get(`/detection/clues/${caseId}`, await h.token(agency, ['officer'], division));
    for (const [agency, division] of [
      ['grid', '141181'],
      ['nrb', '141181'],
      ['nrb', '141100'],
      ['nrb', '140000'],
      ['audit', '141181'],
    ] as const) {
      expect((await read(agency, division)).status, `${agency} of ${division}`).toBe(200);
    }
    for (const [agency, division] of [
      ['psb', '141181'],
      ['gov', '141181'],
      ['proc', '141181'],
      ['nrb', '141182'],
      ['grid', '141182'],
      ['audit', '150000'],
    ] as const) {
      const res = await read(agency, division);
      expect(res.status, `${agency} of ${division}`).toBe(404);
      expect(res.body.detail).toBe(`no clue ${caseId}`);
    }
  });

  it('answers 404 problem+json for an unknown clue', async () => {
    const res = await h.get('/detection/clues/nothing-here', await h.token('nrb'));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
