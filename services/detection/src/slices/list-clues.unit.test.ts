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
    const neighbour = await h.token('nrb', ['officer'], '141182');
    await h.post('/detection/clues', neighbour, clueBody({ externalRef: 'C', divisionCode: '141182' }));
    await h.post(`/detection/clues/${a.caseId}/verification`, nrb, illegalVerdict());
    // The city reads its counties' clues.
    const city = await h.token('nrb', ['officer'], '141100');

    const all = await eventually('three clues projected, one verified', async () => {
      const res = await h.get('/detection/clues', city);
      return res.body.total === 3 &&
        res.body.items.some((c: { state: string }) => c.state === 'verified.illegal')
        ? res.body
        : undefined;
    });
    expect(all.items).toHaveLength(3);

    const byDivision = await h.get('/detection/clues?divisionCode=141181', city);
    expect(byDivision.body.total).toBe(2);
    const bySource = await h.get('/detection/clues?source=drone', city);
    expect(bySource.body.items.map((c: { externalRef: string }) => c.externalRef)).toEqual(['B']);
    const byState = await h.get('/detection/clues?state=verified.illegal', city);
    expect(byState.body).toMatchObject({ total: 1, items: [{ caseId: a.caseId, revision: 1 }] });
    const page = await h.get('/detection/clues?limit=2&offset=2', city);
    expect(page.body.total).toBe(3);
    expect(page.body.items).toHaveLength(1);
    // Each county reads its own.
    expect((await h.get('/detection/clues', nrb)).body.total).toBe(2);
    expect((await h.get('/detection/clues', neighbour)).body.total).toBe(1);
  });

  it('holds only the clues the caller may see, and counts only those', async () => {
    const grid = await h.token('grid', ['officer'], '141181');
    await h.post('/detection/clues', nrb, clueBody({ externalRef: 'A' }));
    await h.post('/detection/clues', grid, clueBody({ externalRef: 'G' }));
    await h.post(
      '/detection/clues',
      await h.token('nrb', ['officer'], '141182'),
      clueBody({ externalRef: 'N', divisionCode: '141182' }),
    );
    await h.post(
      '/detection/clues',
      await h.token('nrb', ['officer'], '150000'),
      clueBody({ externalRef: 'M', divisionCode: '150102' }),
    );
    const list = async (agency: Parameters<Harness['token']>[0], division: string, query = '') => {
      const res = await h.get(`/detection/clues?${query}`, await h.token(agency, ['officer'], division));
      return {
        total: res.body.total,
        refs: res.body.items.map((c: { externalRef: string }) => c.externalRef).sort(),
      };
    };
    await eventually('the province sees its three', async () =>
      (await list('nrb', '140000')).total === 3 ? true : undefined,
    );
    await eventually('Inner Mongolia sees its one', async () =>
      (await list('nrb', '150000')).total === 1 ? true : undefined,
    );
    expect(await list('nrb', '141181')).toEqual({ total: 2, refs: ['A', 'G'] });
    expect(await list('audit', '140000')).toEqual({ total: 3, refs: ['A', 'G', 'N'] });
    // The reporting agency sees its own report, not the bureau's clues, and not beyond its division.
    expect(await list('grid', '141181')).toEqual({ total: 1, refs: ['G'] });
    expect(await list('grid', '141182')).toEqual({ total: 0, refs: [] });
    expect(await list('nrb', '141182')).toEqual({ total: 1, refs: ['N'] });
    // Asking for more than one may see widens nothing; another province gives nothing.
    expect(await list('nrb', '141181', 'withinDivision=14')).toEqual({ total: 2, refs: ['A', 'G'] });
    expect(await list('nrb', '140000', 'withinDivision=150000')).toEqual({ total: 0, refs: [] });
    expect(await list('nrb', '141181', 'divisionCode=141182')).toEqual({ total: 0, refs: [] });
    // No part in any clue.
    for (const agency of ['psb', 'proc', 'gov', 'court'] as const) {
      expect(await list(agency, '140000'), agency).toEqual({ total: 0, refs: [] });
    }
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
    // The province of Shanxi reports for a county of its own; Inner Mongolia's clue is not its.
    const province = await h.token('nrb', ['officer'], '140000');
    const innerMongolia = await h.token('nrb', ['officer'], '150000');
    await h.post('/detection/clues', province, clueBody({ externalRef: 'B', divisionCode: '141182' }));
    await h.post('/detection/clues', innerMongolia, clueBody({ externalRef: 'C', divisionCode: '150102' }));
    await h.post(`/detection/clues/${a.caseId}/verification`, nrb, illegalVerdict());
    await eventually('two clues projected, one verified', async () => {
      const res = await h.get('/detection/clues?state=verified.illegal', province);
      return res.body.total === 1 && (await h.get('/detection/clues', province)).body.total === 2;
    });
    const refs = async (query: string, token = province) =>
      (await h.get(`/detection/clues?${query}`, token)).body.items
        .map((c: { externalRef: string }) => c.externalRef)
        .sort();

    // Reported clues wait for the bureau's verification; a verified one waits for nobody.
    expect(await refs('agency=nrb')).toEqual(['B']);
    expect(await refs('agency=court')).toEqual([]);
    expect((await h.get(`/detection/clues/${a.caseId}`, province)).status).toBe(200);
    expect(await refs('withinDivision=1411')).toEqual(['A', 'B']);
    expect(await refs('withinDivision=141100')).toEqual(['A', 'B']);
    expect(await refs('withinDivision=14')).toEqual(['A', 'B']);
    expect(await refs('withinDivision=141182')).toEqual(['B']);
    expect(await refs('withinDivision=15&agency=nrb')).toEqual([]);
    expect(
      await eventually('C listed in Inner Mongolia', async () => {
        const found = await refs('withinDivision=15&agency=nrb', innerMongolia);
        return found.length > 0 ? found : undefined;
      }),
    ).toEqual(['C']);
    expect(await refs('divisionCode=141100')).toEqual([]); // divisionCode stays an exact match
    expect(await refs('overdue=false')).toEqual(['A', 'B']);
    expect(await refs('overdue=true')).toEqual([]);
    // The county sees its own only, whatever division it asks for.
    expect(await refs('withinDivision=14', nrb)).toEqual(['A']);
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
