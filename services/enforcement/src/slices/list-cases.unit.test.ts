import { enforcementCaseMachine, loadCalendar } from '@landcase/lifecycle';
import { startDeadlineScheduler } from '@landcase/service-kit';
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
    // The city reads its counties' cases.
    const city = await h.token('nrb', ['officer'], '141100');
    await eventually('three cases projected', async () => {
      const res = await h.get('/enforcement/cases', city);
      return res.body.total === 3 ? res.body : undefined;
    });
    const opened = await h.get('/enforcement/cases?state=opened', city);
    expect(opened.body.items.map((c: { caseId: string }) => c.caseId).sort()).toEqual(['LC-A', 'LC-C']);
    const filed = await h.get('/enforcement/cases?state=investigation.filed&divisionCode=141181', city);
    expect(filed.body).toMatchObject({ total: 1, items: [{ caseId: 'LC-B', revision: 3 }] });
    const page = await h.get('/enforcement/cases?limit=1&offset=1', city);
    expect(page.body.total).toBe(3);
    expect(page.body.items).toHaveLength(1);
  });

  it('holds only what the caller may see, and counts only that', async () => {
    await seedCase(h, 'LC-A', happyHistory('LC-A').slice(0, 1));
    await seedCase(h, 'LC-C', happyHistory('LC-C', { divisionCode: '141182' }).slice(0, 1));
    await seedCase(h, 'LC-D', happyHistory('LC-D', { divisionCode: '150102' }).slice(0, 1));
    const list = async (agency: Parameters<Harness['token']>[0], division: string, query = '') => {
      const res = await h.get(`/enforcement/cases?${query}`, await h.token(agency, ['officer'], division));
      return { total: res.body.total, ids: res.body.items.map((c: { caseId: string }) => c.caseId).sort() };
    };
    await eventually('the province sees its two', async () =>
      (await list('nrb', '140000')).total === 2 ? true : undefined,
    );
    await eventually('Inner Mongolia sees its one', async () =>
      (await list('nrb', '150000')).total === 1 ? true : undefined,
    );
    expect(await list('nrb', '141181')).toEqual({ total: 1, ids: ['LC-A'] });
    expect(await list('nrb', '141182')).toEqual({ total: 1, ids: ['LC-C'] });
    expect(await list('gov', '141181')).toEqual({ total: 1, ids: ['LC-A'] });
    expect(await list('audit', '140000')).toEqual({ total: 2, ids: ['LC-A', 'LC-C'] });
    // Asking for more than one may see narrows nothing open: another province gives nothing.
    expect(await list('nrb', '141181', 'withinDivision=14')).toEqual({ total: 1, ids: ['LC-A'] });
    expect(await list('nrb', '140000', 'withinDivision=150000')).toEqual({ total: 0, ids: [] });
    expect(await list('nrb', '141181', 'divisionCode=141182')).toEqual({ total: 0, ids: [] });
    // No part in any case yet.
    for (const agency of ['psb', 'proc', 'disc', 'court', 'agri', 'grid'] as const) {
      expect(await list(agency, '140000'), agency).toEqual({ total: 0, ids: [] });
    }
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

describe('GET /enforcement/cases: due dates', () => {
  /** A case opened on a discovery at `discoveredAt`: its filing deadline is 10 working days later. */
  const openedOn = (caseId: string, discoveredAt: string) =>
    happyHistory(caseId, { discoveredAt: `${discoveredAt}T09:00:00+08:00` }).slice(0, 1);
  const ids = (body: { items: { caseId: string }[] }) => body.items.map((c) => c.caseId);

  // The harness reads at Thursday 2026-03-05, 10:00 China time.
  beforeEach(async () => {
    await seedCase(h, 'LC-F', openedOn('LC-F', '2026-03-02')); // due Monday 03-16
    await seedCase(h, 'LC-X', happyHistory('LC-X')); // closed: no deadline
    await seedCase(h, 'LC-N', openedOn('LC-N', '2026-02-25')); // due Tuesday 03-10
    await seedCase(h, 'LC-S', openedOn('LC-S', '2026-02-24')); // due Monday 03-09
    await seedCase(h, 'LC-O', openedOn('LC-O', '2026-02-10')); // due 03-02: missed
    await eventually('five cases projected', async () =>
      (await h.get('/enforcement/cases', nrb)).body.total === 5 ? true : undefined,
    );
  });

  it('sorts by the next due date on sort=dueAt, the nearest first and those without one last', async () => {
    const sorted = await h.get('/enforcement/cases?sort=dueAt', nrb);
    expect(sorted.status).toBe(200);
    expect(ids(sorted.body)).toEqual(['LC-O', 'LC-S', 'LC-N', 'LC-F', 'LC-X']);
    // The list's own order is unchanged without it: most recently discovered first.
    expect(ids((await h.get('/enforcement/cases', nrb)).body)[0]).toBe('LC-F');
    expect(ids((await h.get('/enforcement/cases?sort=dueAt&limit=2&offset=3', nrb)).body)).toEqual([
      'LC-F',
      'LC-X',
    ]);
    const bad = await h.get('/enforcement/cases?sort=discoveredAt', nrb);
    expect(bad.status).toBe(400);
    expect(pathsOf(bad.body)).toContain('/sort');
  });

  it('gives each item its next deadline and due as of the read, without the sort key', async () => {
    const { items } = (await h.get('/enforcement/cases?sort=dueAt', nrb)).body;
    expect(items[1]).toMatchObject({
      caseId: 'LC-S',
      nextDueAt: '2026-03-09T15:59:59.999Z',
      nextDueRule: 'deadline.case.file',
      nextDueProvisional: false,
      due: {
        at: '2026-03-09T15:59:59.999Z',
        rule: 'deadline.case.file',
        workingDaysLeft: 2,
        soon: true,
        overdue: false,
        provisional: false,
      },
    });
    expect(items[0].due).toMatchObject({ workingDaysLeft: -3, soon: false, overdue: true });
    expect(items[2].due).toMatchObject({ workingDaysLeft: 3, soon: false, overdue: false });
    expect(items[4]).toMatchObject({ caseId: 'LC-X', nextDueAt: null, due: null });
    for (const item of items) expect(Object.keys(item).filter((k) => k.startsWith('_'))).toEqual([]);
  });

  it('keeps those due soon on dueSoon=true: not the overdue, the later or the undated', async () => {
    const soon = await h.get('/enforcement/cases?dueSoon=true&sort=dueAt', nrb);
    expect(soon.body).toMatchObject({ total: 1, items: [{ caseId: 'LC-S' }] });
    const bad = await h.get('/enforcement/cases?dueSoon=false', nrb);
    expect(bad.status).toBe(400);
    expect(pathsOf(bad.body)).toContain('/dueSoon');
  });
});

describe('GET /enforcement/cases: inbox, overdue and division filters', () => {
  const ids = async (query: string, token = nrb) =>
    (await h.get(`/enforcement/cases?${query}`, token)).body.items
      .map((c: { caseId: string }) => c.caseId)
      .sort();

  it('lists what waits for the court, and a division with those under it', async () => {
    const decided = happyHistory('LC-K').slice(0, 7);
    await seedCase(h, 'LC-K', [
      ...decided,
      {
        type: 'ComplianceRecorded',
        data: { caseId: 'LC-K', complied: false, observedAt: '2026-07-01T10:00:00+08:00' },
      },
      {
        type: 'CourtApplicationFiled',
        data: {
          caseId: 'LC-K',
          reminderServedAt: '2026-07-20T10:00:00+08:00',
          appliedAt: '2026-08-05T10:00:00+08:00',
        },
      },
    ]);
    await seedCase(h, 'LC-A', happyHistory('LC-A').slice(0, 1));
    await seedCase(h, 'LC-C', happyHistory('LC-C', { divisionCode: '141182' }).slice(0, 1));
    await seedCase(h, 'LC-D', happyHistory('LC-D', { divisionCode: '150102' }).slice(0, 1));
    // The province of Shanxi reads its cities and counties; Inner Mongolia's case is not its.
    const province = await h.token('nrb', ['officer'], '140000');
    await eventually(
      'three cases projected',
      async () => (await h.get('/enforcement/cases', province)).body.total === 3,
    );

    expect(await ids('agency=court', province)).toEqual(['LC-K']);
    expect(await ids('agency=nrb', province)).toEqual(['LC-A', 'LC-C']);
    expect(await ids('agency=psb', province)).toEqual([]);
    const court = await h.get('/enforcement/cases?agency=court', province);
    expect(court.body.items[0]).toMatchObject({ state: 'courtApplied', awaiting: ['court'], overdue: false });
    expect(await ids('withinDivision=1411', province)).toEqual(['LC-A', 'LC-C', 'LC-K']);
    expect(await ids('withinDivision=141182', province)).toEqual(['LC-C']);
    expect(await ids('withinDivision=150000&agency=nrb', province)).toEqual([]);
    const innerMongolia = await h.token('nrb', ['officer'], '150000');
    expect(
      await eventually('LC-D listed', async () => {
        const found = await ids('withinDivision=150000&agency=nrb', innerMongolia);
        return found.length > 0 ? found : undefined;
      }),
    ).toEqual(['LC-D']);
    expect(await ids('withinDivision=1411&agency=court&overdue=false', province)).toEqual(['LC-K']);
    // The court sees the case applied to it, once applied.
    expect(await ids('', await h.token('court', ['officer'], '141181'))).toEqual(['LC-K']);
  });

  it('lists a case overdue once its filing deadline is recorded missed, and no longer once filed', async () => {
    // Discovered a month before the harness clock: the 10 working days to file have passed.
    await seedCase(
      h,
      'LC-O',
      happyHistory('LC-O', { ongoing: false, discoveredAt: '2026-02-02T09:00:00+08:00' }).slice(0, 1),
    );
    await seedCase(h, 'LC-N', happyHistory('LC-N').slice(0, 1));
    await eventually(
      'two cases projected',
      async () => (await h.get('/enforcement/cases', nrb)).body.total === 2,
    );
    const scheduler = await startDeadlineScheduler(h.ctx('enforcement'), {
      machine: enforcementCaseMachine,
      aggregate: 'case',
      calendar: loadCalendar(),
      runAtStart: false,
    });
    try {
      await scheduler.tick();
    } finally {
      await scheduler.stop();
    }
    const overdue = await eventually('LC-O listed overdue', async () => {
      const res = await h.get('/enforcement/cases?overdue=true', nrb);
      return res.body.total === 1 ? res.body : undefined;
    });
    expect(overdue.items[0]).toMatchObject({
      caseId: 'LC-O',
      state: 'opened',
      overdue: true,
      missedDeadlineCount: 1,
    });
    expect(await ids('overdue=false')).toEqual(['LC-N']);
    expect(await ids('overdue=true&agency=nrb&withinDivision=14')).toEqual(['LC-O']);

    const filed = await h.post('/enforcement/cases/LC-O/filing', nrb, {
      filingNo: 'FY-LA-040',
      filedAt: '2026-03-04T10:00:00+08:00',
    });
    expect(filed.status).toBe(200);
    await eventually(
      'LC-O filed and no longer overdue',
      async () => (await h.get('/enforcement/cases?overdue=true', nrb)).body.total === 0,
    );
    expect(await ids('overdue=false')).toEqual(['LC-N', 'LC-O']);
  });

  it('refuses a division of zeros and an unknown agency, naming each', async () => {
    expect(pathsOf((await h.get('/enforcement/cases?withinDivision=00', nrb)).body)).toEqual([
      '/withinDivision',
    ]);
    expect(pathsOf((await h.get('/enforcement/cases?agency=judge', nrb)).body)).toContain('/agency');
    expect(pathsOf((await h.get('/enforcement/cases?overdue=1x', nrb)).body)).toContain('/overdue');
  });
});
