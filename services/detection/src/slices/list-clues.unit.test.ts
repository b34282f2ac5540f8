import { clueMachine, loadCalendar } from '@landcase/lifecycle';
import { startDeadlineScheduler } from '@landcase/service-kit';
import { startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
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

describe('GET /detection/clues: inbox, overdue and division filters', () => {
  it('filters by the agency it waits for and by a division with those under it', async () => {
    const a = (await h.post('/detection/clues', nrb, clueBody({ externalRef: 'A' }))).body;
    await h.post('/detection/clues', nrb, clueBody({ externalRef: 'B', divisionCode: '141182' }));
    await h.post('/detection/clues', nrb, clueBody({ externalRef: 'C', divisionCode: '150102' }));
    await h.post(`/detection/clues/${a.caseId}/verification`, nrb, illegalVerdict());
    await eventually('three clues projected, one verified', async () => {
      const res = await h.get('/detection/clues?state=verified.illegal', nrb);
      return res.body.total === 1 && (await h.get('/detection/clues', nrb)).body.total === 3;
    });
    const refs = async (query: string) =>
      (await h.get(`/detection/clues?${query}`, nrb)).body.items
        .map((c: { externalRef: string }) => c.externalRef)
        .sort();

    // Reported clues wait for the bureau's verification; a verified one waits for nobody.
    expect(await refs('agency=nrb')).toEqual(['B', 'C']);
    expect(await refs('agency=court')).toEqual([]);
    expect((await h.get(`/detection/clues/${a.caseId}`, nrb)).status).toBe(200);
    expect(await refs('withinDivision=1411')).toEqual(['A', 'B']);
    expect(await refs('withinDivision=141100')).toEqual(['A', 'B']);
    expect(await refs('withinDivision=14')).toEqual(['A', 'B']);
    expect(await refs('withinDivision=141182')).toEqual(['B']);
    expect(await refs('withinDivision=15&agency=nrb')).toEqual(['C']);
    expect(await refs('divisionCode=141100')).toEqual([]); // divisionCode stays an exact match
    expect(await refs('overdue=false')).toEqual(['A', 'B', 'C']);
    expect(await refs('overdue=true')).toEqual([]);
  });

  it('refuses a division of zeros, an unknown agency and a non-boolean overdue, naming each', async () => {
    const zeros = await h.get('/detection/clues?withinDivision=000000', nrb);
    expect(zeros.status).toBe(400);
    expect(pathsOf(zeros.body)).toEqual(['/withinDivision']);
    expect(pathsOf((await h.get('/detection/clues?withinDivision=141', nrb)).body)).toContain(
      '/withinDivision',
    );
    expect(pathsOf((await h.get('/detection/clues?agency=police', nrb)).body)).toContain('/agency');
    expect(pathsOf((await h.get('/detection/clues?overdue=yes', nrb)).body)).toContain('/overdue');
  });
});

describe('the clues projection and a missed deadline', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await startTestSystem(detectionModule, '2026-03-02T02:00:00.000Z');
  });
  afterEach(() => sys.stop());

  it('marks a clue overdue once the scheduler records its missed verification, and no longer once verified', async () => {
    const token = await sys.token('nrb', ['officer']);
    const send = async (url: string, body: unknown) =>
      sys.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${token}` },
        payload: body as object,
      });
    const list = async (query: string) =>
      (
        await sys.app.inject({
          method: 'GET',
          url: `/detection/clues?${query}`,
          headers: { authorization: `Bearer ${token}` },
        })
      ).json();
    const reported = (await send('/detection/clues', clueBody())).json();
    await eventually('the clue projected', async () => (await list('overdue=false')).total === 1);

    // 30 calendar days from the report (seed 000 §(四)), then one more.
    sys.clock.set('2026-04-02T02:00:00.000Z');
    const scheduler = await startDeadlineScheduler(sys.ctx, {
      machine: clueMachine,
      aggregate: 'clue',
      calendar: loadCalendar(),
      runAtStart: false,
    });
    try {
      const tick = await scheduler.tick();
      expect(tick.missed).toHaveLength(1);
    } finally {
      await scheduler.stop();
    }
    const overdue = await eventually('the clue listed overdue', async () => {
      const body = await list('overdue=true');
      return body.total === 1 ? body : undefined;
    });
    expect(overdue.items[0]).toMatchObject({
      caseId: reported.caseId,
      overdue: true,
      missedDeadlineCount: 1,
      awaiting: ['nrb'],
      overdueSince: '2026-04-01T15:59:59.999Z', // the 30th day ends at midnight China time
    });
    expect((await list('overdue=true&agency=nrb')).total).toBe(1);

    await send(`/detection/clues/${reported.caseId}/verification`, illegalVerdict());
    const after = await eventually('the verified clue no longer overdue', async () => {
      const body = await list('overdue=false');
      return body.total === 1 ? body : undefined;
    });
    expect(after.items[0]).toMatchObject({
      state: 'verified.illegal',
      overdue: false,
      missedDeadlineCount: 1,
    });
  });
});
