import { type CloudEvent, PROBLEM_BASE } from '@landcase/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ILLEGAL_FIGURES_BASIS } from '../assessments/illegal-figures.ts';
import { enforcementModule } from '../index.ts';
import { divisionLevels } from '../statistics/division.ts';
import { STATISTICS_COLLECTION } from '../statistics/documents.ts';
import { emptyTally } from '../statistics/tally.ts';
import {
  cloudEvent,
  eventually,
  type Harness,
  harness,
  NOW,
  PARTY,
  pathsOf,
  publish,
} from '../test-harness.ts';

// POST and GET /enforcement/assessments: the share of a division's farmland illegally occupied in
// a year (Order 15 of 2008 art. 3), from the statistics of this service.

const STREAM = 'enforcement.assessment-141181-2026';
let h: Harness;
let head: string;
beforeEach(async () => {
  h = await harness([enforcementModule]);
  // The county is assessed by the city above it (Order 15 of 2008 art. 3).
  head = await h.token('nrb', ['officer', 'head'], '141100');
});
afterEach(() => h.close());

/** A month of statistics as the projection would have written it. */
async function statistics(divisionCode: string, month: string, areas: Record<string, number>) {
  const illegalAreaMuByLandClass = { ...emptyTally().illegalAreaMuByLandClass, ...areas };
  const doc = {
    ...emptyTally(),
    illegalAreaMuByLandClass,
    id: `${divisionCode}:${month}`,
    revision: 1,
    divisionCode,
    divisionLevels: divisionLevels(divisionCode),
    month,
    applied: [],
  };
  await h.ctx('enforcement').readModels.collection(STATISTICS_COLLECTION).upsert(doc, 1);
}

const assess = (body: Record<string, unknown>, token = head, headers: Record<string, string> = {}) =>
  h.post('/enforcement/assessments', token, body, headers);

describe('POST /enforcement/assessments', () => {
  it('reads the illegal farmland of the year from the statistics of the division and those under it', async () => {
    await h.startBackground();
    const verified = (
      caseId: string,
      divisionCode: string,
      landClass: string,
      areaMu: number,
      verifiedAt: string,
    ) =>
      cloudEvent('detection', 'ClueVerified', caseId, {
        caseId,
        verdict: 'illegal',
        divisionCode,
        areaMu,
        landClass,
        ongoing: true,
        party: PARTY,
        source: 'satellite',
        observedAt: '2026-01-01T09:00:00+08:00',
        verifiedAt,
      });
    const events: CloudEvent[] = [
      verified('A', '141181', 'pbf', 5, '2026-02-04T09:00:00+08:00'),
      verified('B', '141181102', 'farmland', 10, '2026-03-01T09:00:00+08:00'),
      // Not farmland, another county, and the year before (China time): none of them counts.
      verified('C', '141181', 'forest', 7, '2026-03-01T09:00:00+08:00'),
      verified('D', '141182', 'farmland', 3, '2026-03-01T09:00:00+08:00'),
      verified('E', '141181', 'farmland', 4, '2025-12-31T23:00:00+08:00'),
    ];
    for (const event of events) await publish(h, event);
    await eventually(async () => {
      const res = await h.get('/enforcement/statistics?divisionCode=141181&from=2025-12&to=2026-12', head);
      return res.body.total?.verdicts.illegal === 4 ? true : undefined;
    });

    const res = await assess({
      divisionCode: '141181',
      year: 2026,
      newConstructionFarmlandMu: 100,
      surveyRef: 'BG-2026',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.etag).toBe('"0"');
    const assessment = {
      divisionCode: '141181',
      year: 2026,
      newConstructionFarmlandMu: 100,
      surveyRef: 'BG-2026',
      illegalFarmlandMu: 15,
      illegalAreaMuByLandClass: { pbf: 5, farmland: 10 },
      basis: ILLEGAL_FIGURES_BASIS,
      share: 0.15,
      threshold: 0.15,
      accountable: true,
      ruleId: 'accountability.division-share',
      source: expect.stringContaining('art. 3'),
      ruleSetVersion: '2026.1',
      assessedAt: NOW.toISOString(),
      assessedBy: 'nrb:nrb-user',
      assessorDivisionCode: '141100',
    };
    expect(res.body).toEqual({
      id: 'assessment-141181-2026',
      caseId: 'assessment-141181-2026',
      state: 'assessed',
      revision: 0,
      ...assessment,
      current: true,
      superseded: [],
    });
    const stored = await h.store.readStream(STREAM);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      type: 'AssessmentRecorded',
      data: { caseId: 'assessment-141181-2026', ...assessment },
      metadata: { caseId: 'assessment-141181-2026', actor: 'nrb:nrb-user', ruleSetVersion: '2026.1' },
    });
    const read = await h.get('/enforcement/assessments/141181/2026', await h.token('disc'));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it.each([
    [4.99, false, 0.1499],
    [5, true, 0.15],
  ])(
    'with %s mu of PBF and 10 of farmland in 100 mu taken: accountable %s',
    async (pbf, accountable, share) => {
      await statistics('141181', '2026-04', { pbf, farmland: 6, forest: 30 });
      await statistics('141181102', '2026-11', { farmland: 4 });
      const res = await assess({ divisionCode: '141181', year: 2026, newConstructionFarmlandMu: 100 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ illegalFarmlandMu: pbf + 10, share, accountable });
    },
  );

  it('assesses again with a corrected figure: the new one stands, the old one is kept', async () => {
    await statistics('141181', '2026-04', { farmland: 15 });
    await assess({ divisionCode: '141181', year: 2026, newConstructionFarmlandMu: 100 });
    const res = await assess({ divisionCode: '141181', year: 2026, newConstructionFarmlandMu: 120 }, head, {
      'if-match': '"0"',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      revision: 1,
      newConstructionFarmlandMu: 120,
      share: 0.125,
      accountable: false,
      superseded: [expect.objectContaining({ newConstructionFarmlandMu: 100, accountable: true })],
    });
    const stale = await assess({ divisionCode: '141181', year: 2026, newConstructionFarmlandMu: 90 }, head, {
      'if-match': '"0"',
    });
    expect(stale.status).toBe(412);
    expect(await h.store.readStream(STREAM)).toHaveLength(2);
  });

  // Given the city's assessment of its county (15 %: accountable), when the province above assesses
  // again: both are shown, the province's current and the city's kept with who made it.
  it("keeps the city's assessment beside the province's later one, each with its assessor", async () => {
    await statistics('141181', '2026-04', { farmland: 15 });
    const first = await assess({ divisionCode: '141181', year: 2026, newConstructionFarmlandMu: 100 });
    expect(first.body).toMatchObject({
      share: 0.15,
      assessedBy: 'nrb:nrb-user',
      assessorDivisionCode: '141100',
    });
    const province = await h.token('nrb', ['head'], '140000');
    const res = await assess(
      { divisionCode: '141181', year: 2026, newConstructionFarmlandMu: 200 },
      province,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      share: 0.075,
      assessorDivisionCode: '140000',
      current: true,
      superseded: [
        {
          share: 0.15,
          accountable: true,
          assessedBy: 'nrb:nrb-user',
          assessorDivisionCode: '141100',
          current: false,
        },
      ],
    });
    // The county, below both, may not replace either (Order 15 art. 3): 403, nothing appended.
    const county = await h.token('nrb', ['head'], '141181');
    const own = await assess({ divisionCode: '141181', year: 2026, newConstructionFarmlandMu: 1000 }, county);
    expect(own.status).toBe(403);
    expect(await h.store.readStream(STREAM)).toHaveLength(2);
  });

  it('records a figure up to 10,000,000 mu, and illegal sums beyond any one parcel, as the catalogue allows', async () => {
    await statistics('141181', '2026-05', { pbf: 900_000, farmland: 900_000 });
    const res = await assess({ divisionCode: '141181', year: 2026, newConstructionFarmlandMu: 10_000_000 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ illegalFarmlandMu: 1_800_000, share: 0.18, accountable: true });
  });

  it('lets a head of a superior division assess, and refuses others with 403, appending nothing', async () => {
    const province = await h.token('nrb', ['head'], '140000');
    expect(
      (await assess({ divisionCode: '141181', year: 2026, newConstructionFarmlandMu: 50 }, province)).status,
    ).toBe(201);
    const refused = [
      // The county itself: its year is not its own to assess.
      await h.token('nrb', ['head'], '141181'),
      await h.token('nrb', ['officer'], '141100'),
      await h.token('nrb', ['head'], '141182'),
      await h.token('nrb', ['head'], '141181102'),
      await h.token('gov', ['head']),
    ];
    for (const token of refused) {
      const res = await assess({ divisionCode: '141181', year: 2025, newConstructionFarmlandMu: 50 }, token);
      expect(res.status).toBe(403);
      expect(res.body.rule).toMatchObject({ id: 'enforcement.assessment.record' });
    }
    expect(await h.store.readStream('enforcement.assessment-141181-2025')).toEqual([]);
  });

  it.each([
    ['no farmland taken', { newConstructionFarmlandMu: 0 }, '/newConstructionFarmlandMu'],
    // Finer than areas are recorded: the share would overflow to Infinity, which no event holds.
    ['a figure of 5e-324 mu', { newConstructionFarmlandMu: Number.MIN_VALUE }, '/newConstructionFarmlandMu'],
    ['more than 10,000,000 mu', { newConstructionFarmlandMu: 10_000_001 }, '/newConstructionFarmlandMu'],
    ['a year still to come', { year: 2027 }, '/year'],
    ['a division of zeros', { divisionCode: '000000' }, '/divisionCode'],
    ['a malformed division', { divisionCode: '1411' }, '/divisionCode'],
    ['a missing year', { year: undefined }, '/year'],
  ])('refuses %s naming the field, appending nothing', async (_what, change, path) => {
    const res = await assess({
      divisionCode: '141181',
      year: 2026,
      newConstructionFarmlandMu: 100,
      ...change,
    });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(`${PROBLEM_BASE}validation`);
    expect(pathsOf(res.body)).toContain(path);
    expect(await h.all()).toEqual([]);
  });
});

describe('GET /enforcement/assessments/{divisionCode}/{year}', () => {
  it('answers 404 before any assessment, and to agencies and divisions that may not read it', async () => {
    expect((await h.get('/enforcement/assessments/141181/2026', head)).status).toBe(404);
    await assess({ divisionCode: '141181', year: 2026, newConstructionFarmlandMu: 100 });
    for (const [agency, division] of [
      ['nrb', '141181'],
      ['gov', '141181'],
      ['disc', '141100'],
      ['audit', '140000'],
    ] as const) {
      const res = await h.get(
        '/enforcement/assessments/141181/2026',
        await h.token(agency, ['officer'], division),
      );
      expect(res.status, `${agency} of ${division}`).toBe(200);
    }
    for (const [agency, division] of [
      ['psb', '141181'],
      ['grid', '141181'],
      ['nrb', '141182'],
      ['disc', '330000'],
    ] as const) {
      const res = await h.get(
        '/enforcement/assessments/141181/2026',
        await h.token(agency, ['officer'], division),
      );
      expect(res.status, `${agency} of ${division}`).toBe(404);
    }
  });
});
