import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectionModule } from '../index.ts';
import { clueBody, eventually, type Harness, harness, illegalVerdict, pathsOf } from '../test-harness.ts';

let h: Harness;
let nrb: string;
beforeEach(async () => {
  h = await harness([detectionModule]);
  await h.startBackground();
  nrb = await h.token('nrb');
});
afterEach(() => h.close());

describe('GET /detection/clues', () => {
  it('pages the read model, filtered by division, state and source', async () => {
    const a = (await h.post('/detection/clues', nrb, clueBody({ externalRef: 'A' }))).body;
    await h.post('/detection/clues', nrb, clueBody({ externalRef: 'B', source: 'drone' }));
    await h.post('/detection/clues', nrb, clueBody({ externalRef: 'C', divisionCode: '141182' }));
    await h.post(`/detection/clues/${a.caseId}/verification`, nrb, illegalVerdict());

    const all = await eventually('three clues projected, one verified', async () => {
      const res = await h.get('/detection/clues', nrb);
      return res.body.total === 3 &&
        res.body.items.some((c: { state: string }) => c.state === 'verified.illegal')
        ? res.body
        : undefined;
    });
    expect(all.items).toHaveLength(3);

    const byDivision = await h.get('/detection/clues?divisionCode=141181', nrb);
    expect(byDivision.body.total).toBe(2);
    const bySource = await h.get('/detection/clues?source=drone', nrb);
    expect(bySource.body.items.map((c: { externalRef: string }) => c.externalRef)).toEqual(['B']);
    const byState = await h.get('/detection/clues?state=verified.illegal', nrb);
    expect(byState.body).toMatchObject({ total: 1, items: [{ caseId: a.caseId, revision: 1 }] });
    const page = await h.get('/detection/clues?limit=2&offset=2', nrb);
    expect(page.body.total).toBe(3);
    expect(page.body.items).toHaveLength(1);
  });

  it('refuses a bad filter with a problem naming it', async () => {
    const res = await h.get('/detection/clues?source=rumour', nrb);
    expect(res.status).toBe(400);
    expect(pathsOf(res.body)).toContain('/source');
  });
});
