import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_EVENT, accessChainOf } from '../access.ts';
import { GENESIS_HASH } from '../chain.ts';
import { auditModule } from '../index.ts';
import { caseEntries } from '../ledger.ts';
import { LEDGER_COLLECTION, type LedgerDoc } from '../ledger-entry.ts';
import { leafOf } from '../ledger-tree.ts';
import {
  fromHex,
  loadEd25519PublicKey,
  rootFromLeafHashes,
  toHex,
  verifyConsistency,
  verifyTreeHead,
} from '../merkle/index.ts';
import { tellCase } from '../test-case.ts';
import { verifyBundle } from '../verify-bundle.ts';

let sys: TestSystem;
let auditor: string;
let nrb: string;
let psb: string;

beforeEach(async () => {
  sys = await startTestSystem(auditModule);
  auditor = await sys.token('audit', ['auditor']);
  nrb = await sys.token('nrb');
  psb = await sys.token('psb');
});
afterEach(() => sys.stop());

const CASE = 'LC-141181-20260302-0a1b2c3d';

async function get(url: string, token = auditor) {
  const res = await sys.app.inject({
    method: 'GET',
    url: `/audit${url}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, body: res.json() };
}

/** Waits, without reading through the routes (each read is recorded), until the case has n entries. */
const ledgered = (caseId: string, n: number) =>
  eventually(async () => (await caseEntries(sys.readModels, caseId)).length === n);

describe('the audit ledger', () => {
  it('chains every service’s events of a case into one timeline', async () => {
    await tellCase(sys, CASE);
    await sys.publish('enforcement', 'CaseOpened', { caseId: 'OTHER', divisionCode: '141181' });
    await ledgered(CASE, 5);
    await ledgered('OTHER', 1);
    const { body } = await get(`/cases/${CASE}/timeline`);
    const events = body.events;

    expect(events.map((e: { service: string; name: string }) => `${e.service}.${e.name}`)).toEqual([
      'detection.ClueReported',
      'detection.ClueVerified',
      'enforcement.CaseOpened',
      'enforcement.StopOrderServed',
      'referral.ReferralDrafted',
    ]);
    expect(events.map((e: { sequence: number }) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(events.map((e: { position: number }) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]).toMatchObject({
      position: 1,
      prevHash: GENESIS_HASH,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      actor: 'grid:grid-user',
      agency: 'grid',
      type: 'landcase.detection.ClueReported.v1',
      time: '2026-03-02T01:00:00.000Z',
      data: { caseId: CASE, source: 'satellite' },
      documents: [],
    });
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);

    const other = (await get('/cases/OTHER/timeline')).body.events;
    expect(other[0]).toMatchObject({ sequence: 1, prevHash: GENESIS_HASH, position: 6 });
    expect(await get(`/cases/${CASE}/verification`)).toMatchObject({
      status: 200,
      body: { valid: true, checked: 5, treeSize: expect.any(Number) },
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
    // Two entries, the redeliveries not counted: the app's /metrics shows the ledger's size.
    const metrics = (await sys.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^landcase_ledger_entries 2$/m);
  });

  it('shows documents, actors and missed deadlines in the timeline', async () => {
    await tellCase(sys, CASE);
    await sys.publish(
      'enforcement',
      'DeadlineMissed',
      {
        caseId: CASE,
        deadlineId: 'filing',
        state: 'stopOrdered',
        dueAt: '2026-03-16T18:00:00+08:00',
        rule: 'enforcement.filing.deadline',
        source: 'MNR Measures art. 17',
      },
      { actor: 'nrb:system:enforcement' },
    );
    await ledgered(CASE, 6);
    const { body } = await get(`/cases/${CASE}/timeline`);
    expect(body.deadlinesMissed).toBe(1);
    const byName = Object.fromEntries(body.events.map((e: { name: string }) => [e.name, e]));
    expect(byName.StopOrderServed).toMatchObject({
      actor: 'nrb:nrb-user',
      agency: 'nrb',
      documents: [{ kind: 'documentRef', ref: 'S-1' }],
    });
    expect(byName.ReferralDrafted.documents).toEqual([
      { kind: 'letter', ref: 'FY-REF-2026-1', sha256: 'c'.repeat(64) },
    ]);
    expect(byName.DeadlineMissed).toMatchObject({
      agency: 'nrb',
      deadlineMissed: {
        deadlineId: 'filing',
        state: 'stopOrdered',
        dueAt: '2026-03-16T18:00:00+08:00',
        rule: 'enforcement.filing.deadline',
      },
    });
    expect(byName.CaseOpened.deadlineMissed).toBeUndefined();
  });

  it('shows each service’s state of the case as it stood at an instant, with who and which rule set', async () => {
    await tellCase(sys, CASE);
    await ledgered(CASE, 5);

    const before = await get(`/cases/${CASE}/state?at=2026-03-03T10:30:00%2B08:00`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      caseId: CASE,
      at: '2026-03-03T02:30:00.000Z',
      services: {
        detection: {
          state: 'verified.illegal',
          events: 2,
          producedBy: { event: 'ClueVerified', agency: 'nrb', actor: 'nrb:nrb-user', position: 2 },
          ruleSetVersion: null,
        },
        enforcement: {
          state: 'opened',
          events: 1,
          producedBy: { event: 'CaseOpened', actor: 'nrb:system:enforcement' },
          ruleSetVersion: '2026.1',
        },
        referral: {},
        remediation: null,
      },
    });
    const now = await get(`/cases/${CASE}/state`);
    expect(now.body).toMatchObject({
      at: '2026-03-07T02:00:00.000Z',
      services: {
        enforcement: {
          state: 'stopOrdered',
          events: 2,
          notApplied: [],
          producedBy: { event: 'StopOrderServed', actor: 'nrb:nrb-user' },
          // The rule set that opened the case still stands behind the later state.
          ruleSetVersion: '2026.1',
        },
        referral: { [`${CASE}.psb`]: { state: 'drafted', events: 1, ruleSetVersion: '2026.1' } },
      },
    });
    const beforeAll = await get(`/cases/${CASE}/state?at=2026-03-01T00:00:00Z`);
    expect(beforeAll.body.services).toEqual({
      detection: null,
      enforcement: null,
      referral: {},
      recommendation: {},
      partyMatch: {},
      remediation: null,
    });
  });

  it('signs tree heads over the whole ledger and proves each head extends the one before', async () => {
    await sys.publish('enforcement', 'CaseOpened', { caseId: 'FIRST' });
    await ledgered('FIRST', 1);
    const first = (await get('/tree-head', psb)).body;
    await tellCase(sys, CASE);
    await ledgered(CASE, 5);
    const second = await get('/tree-head', psb);
    expect(second.status).toBe(200);
    const head = second.body;
    const key = loadEd25519PublicKey(head.publicKey);
    expect(verifyTreeHead(head, key)).toBe(true);
    expect(verifyTreeHead({ ...head, treeSize: head.treeSize + 1 }, key)).toBe(false);

    const all = await sys.readModels
      .collection<LedgerDoc>(LEDGER_COLLECTION)
      .find({}, { sort: { field: 'position', direction: 1 } });
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    expect(head.treeSize).toBe(all.length);
    expect(head.rootHash).toBe(toHex(rootFromLeafHashes(all.map((e) => leafOf(e.hash)))));
    expect(head.timestamp).toBe('2026-03-07T02:00:00.000Z');

    const { body: proof } = await get(`/consistency?from=${first.treeSize}&to=${head.treeSize}`, psb);
    expect(proof).toMatchObject({ from: first.treeSize, to: head.treeSize, fromRoot: first.rootHash });
    expect(verifyTreeHead(proof.treeHead, key)).toBe(true);
    const claim = {
      oldSize: first.treeSize,
      newSize: head.treeSize,
      oldRoot: fromHex(first.rootHash),
      newRoot: fromHex(head.rootHash),
      proof: proof.proof.map(fromHex),
    };
    expect(verifyConsistency(claim)).toBe(true);
    expect(verifyConsistency({ ...claim, oldRoot: fromHex(head.rootHash) })).toBe(false);

    expect((await get(`/consistency?from=2&to=${head.treeSize + 1}`)).status).toBe(400);
    expect((await get('/consistency?from=3&to=2')).status).toBe(400);
    expect((await get('/consistency')).status).toBe(400);
  });

  it('exports a bundle that verifies offline against the published key, and fails once changed', async () => {
    await tellCase(sys, CASE);
    await ledgered(CASE, 5);
    const published = (await get('/tree-head')).body.publicKey;
    const { status, body: bundle } = await get(`/cases/${CASE}/export`, nrb);
    expect(status).toBe(200);
    expect(bundle).toMatchObject({
      format: 'landcase-audit-bundle-v4',
      caseId: CASE,
      exportedAt: '2026-03-07T02:00:00.000Z',
      algorithm: 'sha256-chain',
      publicKey: published,
      treeHead: { treeSize: expect.any(Number), timestamp: '2026-03-07T02:00:00.000Z' },
    });
    expect(bundle.events).toHaveLength(5);
    expect(bundle.events[3].documents).toEqual([{ kind: 'documentRef', ref: 'S-1' }]);
    expect(verifyBundle(JSON.parse(JSON.stringify(bundle)), { publicKey: published })).toMatchObject({
      valid: true,
      checked: 5,
      keyPinned: true,
    });

    const changed = structuredClone(bundle);
    changed.events[1].data.verdict = 'legal';
    expect(verifyBundle(changed)).toMatchObject({
      valid: false,
      firstBadPosition: bundle.events[1].position,
    });
  });

  it('answers 404 for a case it holds nothing of and 400 for a bad instant', async () => {
    for (const path of ['timeline', 'verification', 'state', 'export', 'access-log']) {
      const res = await get(`/cases/NONE/${path}`);
      expect(res).toMatchObject({ status: 404, body: { type: 'https://landcase.org/problems/not-found' } });
    }
    await sys.publish('enforcement', 'CaseOpened', { caseId: CASE, divisionCode: '141181' });
    await ledgered(CASE, 1);
    const bad = await get(`/cases/${CASE}/state?at=yesterday`);
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ path: '/at' }] } });
  });

  it('needs a bearer token', async () => {
    for (const url of [`/audit/cases/${CASE}/timeline`, '/audit/tree-head']) {
      const res = await sys.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
    }
  });
});

describe('access to the audit data', () => {
  it("lets auditors and the bureau of the case's divisions read it, and hides it from everyone else", async () => {
    await tellCase(sys, CASE);
    await ledgered(CASE, 5);
    const above = [
      await sys.token('nrb', ['officer'], '141100'),
      await sys.token('audit', ['auditor'], '140000'),
    ];
    const elsewhere = [
      await sys.token('nrb', ['officer'], '141182'),
      await sys.token('audit', ['auditor'], '141182'),
      await sys.token('audit', ['auditor'], '150000'),
    ];
    for (const path of ['timeline', 'verification', 'state', 'export']) {
      expect((await get(`/cases/${CASE}/${path}`, auditor)).status).toBe(200);
      expect((await get(`/cases/${CASE}/${path}`, nrb)).status).toBe(200);
      for (const token of above) expect((await get(`/cases/${CASE}/${path}`, token)).status).toBe(200);
      // Another agency, or another county or province: as if the ledger held nothing of the case.
      for (const agency of ['psb', 'proc', 'disc', 'court', 'agri', 'gov', 'grid'] as const) {
        const res = await get(`/cases/${CASE}/${path}`, await sys.token(agency, ['officer', 'head']));
        expect(res, `${agency} ${path}`).toMatchObject({
          status: 404,
          body: {
            type: 'https://landcase.org/problems/not-found',
            detail: `no events of case ${CASE} in the ledger`,
          },
        });
      }
      for (const token of elsewhere) expect((await get(`/cases/${CASE}/${path}`, token)).status).toBe(404);
    }
    // The bureau sees the case but not who read it.
    expect(await get(`/cases/${CASE}/access-log`, nrb)).toMatchObject({
      status: 403,
      body: { type: 'https://landcase.org/problems/forbidden', rule: { id: 'audit.case.access-log' } },
    });
    expect((await get(`/cases/${CASE}/access-log`, auditor)).status).toBe(200);
    expect((await get(`/cases/${CASE}/access-log`, above[1]!)).status).toBe(200);
    expect((await get(`/cases/${CASE}/access-log`, elsewhere[1]!)).status).toBe(404);
  });

  it('records every read: who looked at what and when, in an access log auditors can read', async () => {
    await tellCase(sys, CASE);
    await ledgered(CASE, 5);
    sys.clock.set('2026-04-01T01:00:00.000Z');
    await get(`/cases/${CASE}/timeline`, nrb);
    sys.clock.set('2026-04-01T02:00:00.000Z');
    await get(`/cases/${CASE}/state?at=2026-03-04T00:00:00Z`, auditor);
    await get(`/cases/${CASE}/verification`, auditor);
    await get(`/cases/${CASE}/export`, nrb);
    await get(`/cases/${CASE}/timeline`, psb); // hidden: nothing was shown, nothing to record

    const { status, body } = await get(`/cases/${CASE}/access-log`, auditor);
    expect(status).toBe(200);
    expect(body.chain).toBe(accessChainOf(CASE));
    expect(body.reads).toMatchObject([
      { view: 'timeline', actor: 'nrb:nrb-user', agency: 'nrb', division: '141181', entries: 5 },
      {
        view: 'state',
        actor: 'audit:audit-user',
        agency: 'audit',
        at: '2026-03-04T00:00:00.000Z',
        entries: 5,
      },
      { view: 'verification', actor: 'audit:audit-user', treeSize: expect.any(Number) },
      { view: 'export', actor: 'nrb:nrb-user', treeSize: expect.any(Number) },
    ]);
    expect(body.reads[0].time).toBe('2026-04-01T01:00:00.000Z');
    expect(body.reads[1].time).toBe('2026-04-01T02:00:00.000Z');
    // Reading the log is a read too.
    expect((await get(`/cases/${CASE}/access-log`, auditor)).body.reads.at(-1)).toMatchObject({
      view: 'access-log',
      agency: 'audit',
    });

    // The reads are events in the store, chained in the ledger apart from the case itself.
    const reads = await sys.store.readStream(`audit.access-${CASE}`);
    expect(reads.map((e) => e.type)).toEqual(Array(6).fill(ACCESS_EVENT));
    await ledgered(accessChainOf(CASE), 6);
    expect((await caseEntries(sys.readModels, CASE)).length).toBe(5);
    const log = (await get(`/cases/${CASE}/access-log`, auditor)).body.reads;
    expect(log[0]).toMatchObject({
      position: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const chain = await get(`/cases/${encodeURIComponent(accessChainOf(CASE))}/verification`, auditor);
    // The second look at the log may be chained by now, too.
    expect(chain.status).toBe(200);
    expect(chain.body.valid).toBe(true);
    expect(chain.body.checked).toBeGreaterThanOrEqual(6);
    // The chain of reads stands in the divisions of the case it records.
    const neighbour = await sys.token('audit', ['auditor'], '141182');
    const hidden = await get(`/cases/${encodeURIComponent(accessChainOf(CASE))}/verification`, neighbour);
    expect(hidden.status).toBe(404);
  });
});
