import { PROBLEM_BASE } from '@landcase/contracts';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remediationModule } from '../index.ts';

// GET /remediation/quota-balances/{divisionCode}/{year}: the reserve quota deducted for land not
// restored within the year, and the PBF to re-designate (seed 003 §三), per division and year.

let sys: TestSystem;
beforeEach(async () => {
  sys = await startTestSystem(remediationModule, '2026-03-10T02:00:00.000Z');
});
afterEach(() => sys.stop());

const caseOf = (division: string, n: number) => `LC-${division}-20260302-0000000${n}`;

/** A decision to demolish and restore; resolves once its remediation is open. */
async function open(caseId: string, divisionCode: string, landClass: 'pbf' | 'farmland', areaMu: number) {
  await sys.publish('enforcement', 'PenaltyDecided', {
    caseId,
    measures: ['demolish', 'restore'],
    complyBy: '2026-06-30T18:00:00+08:00',
    decisionRef: `D-${caseId}`,
    divisionCode,
    landClass,
    areaMu,
  });
  await eventually(`${caseId} opened`, async () =>
    (await sys.store.readStream(`remediation.remediation-${caseId}`)).length > 0 ? true : undefined,
  );
}

async function post(token: string, caseId: string, path: string, body: unknown) {
  const res = await sys.app.inject({
    method: 'POST',
    url: `/remediation/cases/${caseId}/${path}`,
    headers: { authorization: `Bearer ${token}` },
    payload: body as object,
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function balance(token: string, division: string, year: number | string) {
  const res = await sys.app.inject({
    method: 'GET',
    url: `/remediation/quota-balances/${division}/${year}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, body: res.json(), type: res.headers['content-type'] };
}

const A = caseOf('141181', 1); // Fenyang, PBF 6.2 mu
const B = caseOf('141181', 2); // Fenyang, farmland 3.5 mu
const C = caseOf('141182', 3); // Xiaoyi, farmland 2 mu
const D = caseOf('141181', 4); // Fenyang, restored in time: no deduction

async function deductedWorld() {
  await open(A, '141181', 'pbf', 6.2);
  await open(B, '141181', 'farmland', 3.5);
  await open(C, '141182', 'farmland', 2);
  await open(D, '141181', 'farmland', 1);
  sys.clock.set('2027-01-05T02:00:00.000Z');
  const fenyang = await sys.token('nrb', ['officer', 'head'], '141181');
  await post(fenyang, A, 'quota-deduction', { year: 2026 });
  await post(fenyang, B, 'quota-deduction', { year: 2026 });
  await post(await sys.token('nrb', ['officer', 'head'], '141182'), C, 'quota-deduction', { year: 2026 });
  return fenyang;
}

const projected = (token: string, division: string, cases: number) =>
  eventually(`${cases} deductions of ${division} projected`, async () => {
    const res = await balance(token, division, 2026);
    return res.body.deducted?.cases === cases ? res : undefined;
  });

describe('GET /remediation/quota-balances/{divisionCode}/{year}', () => {
  it("sums a county's deductions of the year by land class, with the PBF to re-designate", async () => {
    const fenyang = await deductedWorld();
    const res = await projected(fenyang, '141181', 2);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      divisionCode: '141181',
      year: 2026,
      deducted: { areaMu: 9.7, cases: 2, byLandClass: { pbf: 6.2, farmland: 3.5 } },
      // 90 calendar days after the deduction (remediation.pbf-redesignation-period).
      pbfRedesignation: { requiredMu: 6.2, redesignatedMu: 0, outstandingMu: 6.2, overdueCases: 0 },
      cases: [
        {
          caseId: A,
          divisionCode: '141181',
          landClass: 'pbf',
          areaMu: 6.2,
          deductedAt: '2027-01-05T02:00:00.000Z',
          pbfRedesignation: { dueBy: '2027-04-05T02:00:00.000Z', redesignatedAt: null, overdue: false },
        },
        {
          caseId: B,
          divisionCode: '141181',
          landClass: 'farmland',
          areaMu: 3.5,
          deductedAt: '2027-01-05T02:00:00.000Z',
          pbfRedesignation: null,
        },
      ],
    });
    // Another year holds nothing; the city holds its counties' deductions.
    expect((await balance(fenyang, '141181', 2025)).body).toMatchObject({
      deducted: { areaMu: 0, cases: 0, byLandClass: {} },
      pbfRedesignation: { requiredMu: 0, outstandingMu: 0 },
      cases: [],
    });
    const city = await sys.token('nrb', ['officer'], '141100');
    const lvliang = await projected(city, '141100', 3);
    expect(lvliang.body.deducted).toEqual({
      areaMu: 11.7,
      cases: 3,
      byLandClass: { pbf: 6.2, farmland: 5.5 },
    });
    expect(lvliang.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([A, B, C]);
  });

  it('counts the PBF owed overdue from its due instant, and re-designated once recorded', async () => {
    const fenyang = await deductedWorld();
    await projected(fenyang, '141181', 2);
    sys.clock.set('2027-04-05T01:59:59.999Z');
    expect((await balance(fenyang, '141181', 2026)).body.pbfRedesignation.overdueCases).toBe(0);
    sys.clock.set('2027-04-05T02:00:00.000Z');
    expect((await balance(fenyang, '141181', 2026)).body.pbfRedesignation).toEqual({
      requiredMu: 6.2,
      redesignatedMu: 0,
      outstandingMu: 6.2,
      overdueCases: 1,
    });
    await post(fenyang, A, 'pbf-redesignation', { parcelRef: 'PBF-141181-2027-001' });
    const done = await eventually('the re-designation projected', async () => {
      const res = await balance(fenyang, '141181', 2026);
      return res.body.pbfRedesignation.redesignatedMu > 0 ? res.body : undefined;
    });
    expect(done.pbfRedesignation).toEqual({
      requiredMu: 6.2,
      redesignatedMu: 6.2,
      outstandingMu: 0,
      overdueCases: 0,
    });
    expect(done.cases[0].pbfRedesignation).toMatchObject({ redesignatedAt: '2027-04-05T02:00:00.000Z' });
  });

  it('is read by the bureau, the government and the auditor of the division or one above it', async () => {
    await deductedWorld();
    for (const [agency, division] of [
      ['nrb', '141181'],
      ['gov', '141181'],
      ['audit', '141181'],
      ['nrb', '141100'],
      ['audit', '140000'],
    ] as const) {
      const token = await sys.token(agency, ['officer'], division);
      const res = await projected(token, '141181', 2);
      expect(res.status, `${agency} of ${division}`).toBe(200);
    }
  });

  // Partner agencies see a case only through what was addressed to them; a division's quota is not.
  it.each(['psb', 'proc', 'disc', 'court', 'grid', 'agri'] as const)(
    'is not read by %s, even of the division itself (403 naming the entry)',
    async (agency) => {
      await deductedWorld();
      const token = await sys.token(agency, ['officer', 'head'], '141181');
      const res = await balance(token, '141181', 2026);
      expect(res.status).toBe(403);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: `${PROBLEM_BASE}forbidden`,
        rule: { id: 'remediation.quota-balance.read' },
      });
      expect(JSON.stringify(res.body)).not.toContain(A);
    },
  );

  it.each([
    ['a neighbouring county', 'nrb', '141182'],
    ['a township below it', 'nrb', '141181001'],
    ['another province', 'audit', '330102'],
    ["another province's bureau", 'nrb', '150000'],
  ])(
    'is not read by %s: 403 naming the entry, as for every division figure',
    async (_who, agency, division) => {
      await deductedWorld();
      const token = await sys.token(agency as 'nrb' | 'audit', ['officer', 'head'], division);
      const res = await balance(token, '141181', 2026);
      expect(res.status).toBe(403);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body.rule).toMatchObject({ id: 'remediation.quota-balance.read' });
      expect(JSON.stringify(res.body)).not.toContain(A);
    },
  );

  it.each([
    ['a year before 2000', '141181', '1999', '/year'],
    ['a year that is no number', '141181', 'last', '/year'],
    ['a city prefix instead of a code', '1411', '2026', '/divisionCode'],
  ])('refuses %s with 400 naming the field', async (_what, division, year, path) => {
    const token = await sys.token('nrb', ['officer'], '140000');
    const res = await balance(token, division, year);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});
