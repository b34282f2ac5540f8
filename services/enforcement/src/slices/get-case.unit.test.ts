import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforcementModule } from '../index.ts';
import { type Harness, happyHistory, harness, PARTY, seedCase } from '../test-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness([enforcementModule]);
});
afterEach(() => h.close());

/** A case opened on a discovery at `discoveredAt`: its filing deadline is 10 working days later. */
const openedOn = (caseId: string, discoveredAt: string) =>
  happyHistory(caseId, { discoveredAt: `${discoveredAt}T09:00:00+08:00` }).slice(0, 1);

describe('GET /enforcement/cases/{caseId}: due', () => {
  // The harness reads at Thursday 2026-03-05, 10:00 China time.
  it('carries the next deadline as of the read: working days left, due soon, overdue', async () => {
    // Tuesday 02-24 + 10 working days (Saturday 02-28 worked for the Spring Festival) ends Monday 03-09.
    await seedCase(h, 'LC-S', openedOn('LC-S', '2026-02-24'));
    // 02-10 + 10 working days, over the Spring Festival: Monday 03-02, three working days ago.
    await seedCase(h, 'LC-O', openedOn('LC-O', '2026-02-10'));
    await seedCase(h, 'LC-X', happyHistory('LC-X'));
    const nrb = await h.token('nrb');

    const soon = await h.get('/enforcement/cases/LC-S', nrb);
    expect(soon.status).toBe(200);
    expect(soon.body.due).toEqual({
      at: '2026-03-09T15:59:59.999Z',
      rule: 'deadline.case.file',
      // Friday and Monday: exactly the default 2.
      workingDaysLeft: 2,
      soon: true,
      overdue: false,
      provisional: false,
    });
    expect((await h.get('/enforcement/cases/LC-O', nrb)).body.due).toEqual({
      at: '2026-03-02T15:59:59.999Z',
      rule: 'deadline.case.file',
      workingDaysLeft: -3,
      soon: false,
      overdue: true,
      provisional: false,
    });
    // A closed case runs no deadline.
    const closed = await h.get('/enforcement/cases/LC-X', nrb);
    expect(closed.body.state).toBe('closed');
    expect(closed.body.due).toBeNull();
    // A partner reads it too, with the rest of what it may see.
    const gov = await h.get('/enforcement/cases/LC-S', await h.token('gov'));
    expect(gov.body.due).toMatchObject({ rule: 'deadline.case.file', soon: true });
  });
});

describe('GET /enforcement/cases/{caseId}', () => {
  it('folds the case from its stream, with its revision as ETag', async () => {
    await seedCase(h, 'LC-G', happyHistory('LC-G').slice(0, 4));
    const res = await h.get('/enforcement/cases/LC-G', await h.token('nrb'));
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

  it('shows the case within its divisions and to the agencies with a part in it, and hides it from the rest', async () => {
    await seedCase(h, 'LC-G', happyHistory('LC-G').slice(0, 4));
    const read = async (agency: Parameters<Harness['token']>[0], division = '141181') =>
      h.get('/enforcement/cases/LC-G', await h.token(agency, ['officer'], division));
    for (const [agency, division] of [
      ['nrb', '141100'],
      ['nrb', '140000'],
      ['audit', '141181'],
      ['audit', '14'.padEnd(6, '0')],
    ] as const) {
      const res = await read(agency, division);
      expect(res.status, `${agency} of ${division}`).toBe(200);
      expect(res.body).toHaveProperty('interferences');
    }
    // The government reads what concerns it, not the bureau's internal record.
    const gov = await read('gov');
    expect(gov.status).toBe(200);
    expect(gov.body).toMatchObject({ caseId: 'LC-G', party: PARTY, state: 'investigation.filed' });
    for (const field of ['interferences', 'illegalApprovals', 'defenceStatements', 'decisionExtensions']) {
      expect(gov.body, field).not.toHaveProperty(field);
    }
    // No part in it yet, another county, another province: as if it did not exist.
    for (const [agency, division] of [
      ['psb', '141181'],
      ['proc', '141181'],
      ['disc', '141181'],
      ['court', '141181'],
      ['agri', '141181'],
      ['grid', '141181'],
      ['nrb', '141182'],
      ['audit', '330102'],
      ['nrb', '150000'],
    ] as const) {
      const res = await read(agency, division);
      expect(res.status, `${agency} of ${division}`).toBe(404);
      expect(res.body.detail).toBe('no enforcement case LC-G');
    }
  });

  it('answers 404 problem+json for an unknown case', async () => {
    const res = await h.get('/enforcement/cases/LC-none', await h.token('nrb'));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
