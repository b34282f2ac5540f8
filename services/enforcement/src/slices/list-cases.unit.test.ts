import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforcementModule } from '../index.ts';
import { eventually, type Harness, happyHistory, harness, pathsOf, seedCase } from '../test-harness.ts';

let h: Harness;
let nrb: string;
beforeEach(async () => {
  h = await harness([enforcementModule]);
  await h.startBackground();
  nrb = await h.token('nrb');
});
afterEach(() => h.close());

describe('GET /enforcement/cases', () => {
  it('pages the read model, filtered by division and state', async () => {
    await seedCase(h, 'LC-A', happyHistory('LC-A').slice(0, 1));
    await seedCase(h, 'LC-B', happyHistory('LC-B').slice(0, 4));
    await seedCase(h, 'LC-C', happyHistory('LC-C', { divisionCode: '141182' }).slice(0, 1));
    await eventually('three cases projected', async () => {
      const res = await h.get('/enforcement/cases', nrb);
      return res.body.total === 3 ? res.body : undefined;
    });
    const opened = await h.get('/enforcement/cases?state=opened', nrb);
    expect(opened.body.items.map((c: { caseId: string }) => c.caseId).sort()).toEqual(['LC-A', 'LC-C']);
    const filed = await h.get('/enforcement/cases?state=investigation.filed&divisionCode=141181', nrb);
    expect(filed.body).toMatchObject({ total: 1, items: [{ caseId: 'LC-B', revision: 3 }] });
    const page = await h.get('/enforcement/cases?limit=1&offset=1', nrb);
    expect(page.body.total).toBe(3);
    expect(page.body.items).toHaveLength(1);
  });

  it('follows a case as it moves', async () => {
    await seedCase(h, 'LC-M', happyHistory('LC-M').slice(0, 1));
    await eventually('opened projected', async () =>
      (await h.get('/enforcement/cases?state=opened', nrb)).body.total === 1 ? true : undefined,
    );
    await h.post('/enforcement/cases/LC-M/stop-order', nrb, {
      servedAt: '2026-03-03T10:00:00+08:00',
      documentRef: 'S',
    });
    const moved = await eventually('stopOrdered projected', async () => {
      const res = await h.get('/enforcement/cases?state=stopOrdered', nrb);
      return res.body.total === 1 ? res.body : undefined;
    });
    expect(moved.items[0]).toMatchObject({ caseId: 'LC-M', revision: 1, stopOrder: { documentRef: 'S' } });
    expect((await h.get('/enforcement/cases?state=opened', nrb)).body.total).toBe(0);
  });

  it('refuses a bad filter with a problem naming it', async () => {
    const res = await h.get('/enforcement/cases?divisionCode=abc', nrb);
    expect(res.status).toBe(400);
    expect(pathsOf(res.body)).toContain('/divisionCode');
  });
});
