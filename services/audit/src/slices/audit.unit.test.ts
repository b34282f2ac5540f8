import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../chain.ts';
import { auditModule } from '../index.ts';
import { LEDGER_COLLECTION, type LedgerDoc } from '../ledger-entry.ts';
import { eventually, startTestSystem, type TestSystem } from '../testing.ts';
import { verifyBundle } from '../verify-bundle.ts';

let sys: TestSystem;
let auditor: string;
let psb: string;

beforeEach(async () => {
  sys = await startTestSystem(auditModule);
  auditor = await sys.token('audit', ['auditor']);
  psb = await sys.token('psb');
});
afterEach(() => sys.stop());

const CASE = 'LC-141181-20260302-0a1b2c3d';
const party = { name: 'Fenyang Brick Works Ltd', kind: 'organization' };
const parcel = {
  type: 'Polygon',
  coordinates: [
    [
      [111.79, 37.26],
      [111.7907, 37.26],
      [111.7907, 37.2606],
      [111.79, 37.26],
    ],
  ],
};

async function get(url: string, token = auditor) {
  const res = await sys.app.inject({
    method: 'GET',
    url: `/audit${url}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, body: res.json() };
}

/** A case told by every service, one event per instant. Returns the times used. */
async function tellCase(caseId = CASE) {
  const at = (t: string) => sys.clock.set(t);
  at('2026-03-02T01:00:00.000Z');
  await sys.publish(
    'detection',
    'ClueReported',
    {
      caseId,
      source: 'satellite',
      divisionCode: '141181',
      landClass: 'pbf',
      parcel,
      areaMu: 6.2,
      observedAt: '2026-03-02T09:00:00+08:00',
      evidence: [],
    },
    { actor: 'grid:grid-user' },
  );
  at('2026-03-03T01:00:00.000Z');
  await sys.publish('detection', 'ClueVerified', {
    caseId,
    verdict: 'illegal',
    divisionCode: '141181',
    areaMu: 6.2,
    landClass: 'pbf',
    ongoing: true,
    party,
    source: 'satellite',
    observedAt: '2026-03-02T09:00:00+08:00',
    verifiedAt: '2026-03-03T09:00:00+08:00',
  });
  at('2026-03-03T02:00:00.000Z');
  await sys.publish(
    'enforcement',
    'CaseOpened',
    {
      caseId,
      divisionCode: '141181',
      landClass: 'pbf',
      areaMu: 6.2,
      party,
      ongoing: true,
      clueSource: 'satellite',
      discoveredAt: '2026-03-02T09:00:00+08:00',
      ruleSetVersion: '2026.1',
    },
    { actor: 'nrb:system:enforcement' },
  );
  at('2026-03-04T02:00:00.000Z');
  await sys.publish('enforcement', 'StopOrderServed', {
    caseId,
    servedAt: '2026-03-04T10:00:00+08:00',
    documentRef: 'S-1',
  });
  at('2026-03-06T02:00:00.000Z');
  await sys.publish(
    'referral',
    'ReferralDrafted',
    {
      caseId,
      referralId: `${caseId}.psb`,
      from: 'nrb',
      to: 'psb',
      divisionCode: '141181',
      reason: 'PBF ≥ 5 mu',
      documents: [],
      ruleId: 'referral.psb.pbf',
      ruleSetVersion: '2026.1',
    },
    { actor: 'nrb:system:referral' },
  );
  at('2026-03-07T02:00:00.000Z');
}

const ledgered = (caseId: string, n: number) =>
  eventually(async () => {
    const res = await get(`/cases/${caseId}/timeline`);
    return res.status === 200 && res.body.events.length === n ? res.body.events : undefined;
  });

describe('the audit ledger', () => {
  it('chains every service’s events of a case into one timeline', async () => {
    await tellCase();
    await sys.publish('enforcement', 'CaseOpened', { caseId: 'OTHER' });
    const events = await ledgered(CASE, 5);

    expect(events.map((e: { service: string; name: string }) => `${e.service}.${e.name}`)).toEqual([
      'detection.ClueReported',
      'detection.ClueVerified',
      'enforcement.CaseOpened',
      'enforcement.StopOrderServed',
      'referral.ReferralDrafted',
    ]);
    expect(events.map((e: { sequence: number }) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]).toMatchObject({
      position: 1,
      prevHash: GENESIS_HASH,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      actor: 'grid:grid-user',
      agency: 'grid',
      type: 'landcase.detection.ClueReported.v1',
      time: '2026-03-02T01:00:00.000Z',
      data: { caseId: CASE, source: 'satellite' },
    });
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);

    const other = await ledgered('OTHER', 1);
    expect(other[0]).toMatchObject({ sequence: 1, prevHash: GENESIS_HASH, position: 6 });
    expect(await get(`/cases/${CASE}/verification`)).toEqual({
      status: 200,
      body: { valid: true, checked: 5 },
    });
  });

  it('takes a redelivered CloudEvent in once', async () => {
    const event = await sys.publish('enforcement', 'CaseOpened', { caseId: CASE });
    await sys.bus.publish('landcase.enforcement.v1', [{ key: CASE, event }]);
    await sys.bus.publish('landcase.enforcement.v1', [{ key: CASE, event }]);
    await sys.publish('enforcement', 'CaseOpened', { caseId: 'MARK' });
    await ledgered('MARK', 1);
    const stored = await sys.readModels.collection<LedgerDoc>(LEDGER_COLLECTION).find({ caseId: CASE });
    expect(stored.map((d) => d.id)).toEqual([event.id]);
  });

  it('detects an entry changed in the store and names its position', async () => {
    await tellCase();
    const events = await ledgered(CASE, 5);
    const ledger = sys.readModels.collection<LedgerDoc>(LEDGER_COLLECTION);
    const target = (await ledger.get(events[2].id))!;
    await ledger.upsert(
      { ...target, data: { ...(target.data as object), areaMu: 0.5 } },
      target.position + 100,
    );

    const verification = await get(`/cases/${CASE}/verification`);
    expect(verification.body).toMatchObject({ valid: false, checked: 3, firstBadPosition: target.position });
  });

  it('shows each service’s state of the case as it stood at an instant', async () => {
    await tellCase();
    await ledgered(CASE, 5);

    const before = await get(`/cases/${CASE}/state?at=2026-03-03T10:30:00%2B08:00`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      caseId: CASE,
      at: '2026-03-03T02:30:00.000Z',
      services: {
        detection: { state: 'verified.illegal', events: 2 },
        enforcement: { state: 'opened', events: 1 },
        referral: {},
        remediation: null,
      },
    });
    const now = await get(`/cases/${CASE}/state`);
    expect(now.body).toMatchObject({
      at: '2026-03-07T02:00:00.000Z',
      services: {
        enforcement: { state: 'stopOrdered', events: 2, notApplied: [] },
        referral: { [`${CASE}.psb`]: { state: 'drafted', events: 1 } },
      },
    });
    const beforeAll = await get(`/cases/${CASE}/state?at=2026-03-01T00:00:00Z`);
    expect(beforeAll.body.services).toEqual({
      detection: null,
      enforcement: null,
      referral: {},
      remediation: null,
    });
  });

  it('exports a bundle that verifies offline, and fails once changed', async () => {
    await tellCase();
    await ledgered(CASE, 5);
    const { status, body: bundle } = await get(`/cases/${CASE}/export`, psb);
    expect(status).toBe(200);
    expect(bundle).toMatchObject({
      caseId: CASE,
      exportedAt: '2026-03-07T02:00:00.000Z',
      algorithm: 'sha256-chain',
    });
    expect(bundle.events).toHaveLength(5);
    expect(verifyBundle(JSON.parse(JSON.stringify(bundle)))).toEqual({ valid: true, checked: 5 });

    const changed = structuredClone(bundle);
    changed.events[1].data.verdict = 'legal';
    expect(verifyBundle(changed)).toMatchObject({
      valid: false,
      firstBadPosition: bundle.events[1].position,
    });
  });

  it('answers 404 for a case it holds nothing of and 400 for a bad instant', async () => {
    for (const path of ['timeline', 'verification', 'state', 'export']) {
      const res = await get(`/cases/NONE/${path}`);
      expect(res).toMatchObject({ status: 404, body: { type: 'https://landcase.org/problems/not-found' } });
    }
    await sys.publish('enforcement', 'CaseOpened', { caseId: CASE });
    await ledgered(CASE, 1);
    const bad = await get(`/cases/${CASE}/state?at=yesterday`);
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ path: '/at' }] } });
  });

  it('needs a bearer token', async () => {
    const res = await sys.app.inject({ method: 'GET', url: `/audit/cases/${CASE}/timeline` });
    expect(res.statusCode).toBe(401);
  });
});
