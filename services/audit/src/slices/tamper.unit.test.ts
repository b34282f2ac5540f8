import { generateKeyPairSync } from 'node:crypto';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessChainOf } from '../access.ts';
import { linkHash } from '../chain.ts';
import { auditModule } from '../index.ts';
import { caseEntries } from '../ledger.ts';
import { LEDGER_COLLECTION, type LedgerDoc } from '../ledger-entry.ts';
import { exportPublicKeyPem, signTreeHead } from '../merkle/index.ts';
import { tellCase } from '../test-case.ts';
import { verifyBundle } from '../verify-bundle.ts';

// Someone with write access to the ledger's store, or to an exported file, changes the record.
// Each change must be caught, by the service's own verification and by an offline check of an
// export made afterwards, and the first bad entry named by its ledger position.

let sys: TestSystem;
let auditor: string;
let published: string;
let entries: LedgerDoc[];

const CASE = 'LC-141181-20260302-0a1b2c3d';

async function get(url: string) {
  const res = await sys.app.inject({
    method: 'GET',
    url: `/audit${url}`,
    headers: { authorization: `Bearer ${auditor}` },
  });
  return { status: res.statusCode, body: res.json() };
}

const ledger = () => sys.readModels.collection<LedgerDoc>(LEDGER_COLLECTION);
/** Writes a document over the stored one, whatever version the store holds. */
const overwrite = (doc: LedgerDoc) => ledger().upsert(doc, 1_000_000 + Math.floor(Math.random() * 1_000_000));

/** What the service says and what an offline check of a fresh export says. */
async function detected() {
  const verification = (await get(`/cases/${CASE}/verification`)).body;
  const bundle = (await get(`/cases/${CASE}/export`)).body;
  return { verification, offline: verifyBundle(bundle, { publicKey: published }) };
}

beforeEach(async () => {
  sys = await startTestSystem(auditModule);
  auditor = await sys.token('audit', ['auditor']);
  await tellCase(sys, CASE);
  await sys.publish('enforcement', 'CaseOpened', { caseId: 'OTHER' });
  await eventually(async () => (await caseEntries(sys.readModels, 'OTHER')).length === 1);
  entries = await caseEntries(sys.readModels, CASE);
  expect(entries).toHaveLength(5);
  published = (await get('/tree-head')).body.publicKey;
  const before = await detected();
  expect(before.verification).toMatchObject({ valid: true, checked: 5 });
  expect(before.offline).toMatchObject({ valid: true, checked: 5, keyPinned: true });
  // Those two reads are recorded as events and ledgered asynchronously; a test that takes the tree
  // size must not race their entries for the next positions.
  await eventually(async () => (await caseEntries(sys.readModels, accessChainOf(CASE))).length === 2);
});
afterEach(() => sys.stop());

describe('tampering with the ledger store', () => {
  it('an event’s payload changed', async () => {
    const target = entries[2]!;
    await overwrite({ ...target, data: { ...(target.data as object), areaMu: 0.5 } });
    const { verification, offline } = await detected();
    for (const result of [verification, offline]) {
      expect(result).toMatchObject({
        valid: false,
        checked: 3,
        firstBadPosition: target.position,
        reason: 'hash does not match the entry',
      });
    }
  });

  it('an event’s payload changed and every hash after it recomputed', async () => {
    const forged = entries.map((e) => ({ ...e }));
    forged[2]!.data = { ...(forged[2]!.data as object), areaMu: 0.5 };
    for (let i = 2; i < forged.length; i++) {
      forged[i]!.prevHash = forged[i - 1]!.hash;
      forged[i]!.hash = linkHash(forged[i]!.prevHash, forged[i]!);
      await overwrite(forged[i]!);
    }
    const { verification, offline } = await detected();
    expect(verification).toMatchObject({
      valid: false,
      firstBadPosition: entries[2]!.position,
      reason: 'the entry is not the leaf the ledger tree holds at its position',
    });
    expect(offline).toMatchObject({
      valid: false,
      failed: 'entry',
      firstBadPosition: entries[2]!.position,
      reason: expect.stringMatching(/not included in the signed tree/),
    });
  });

  it('an event deleted', async () => {
    await ledger().delete(entries[2]!.id);
    const { verification, offline } = await detected();
    for (const result of [verification, offline]) {
      expect(result).toMatchObject({
        valid: false,
        checked: 3,
        firstBadPosition: entries[3]!.position,
        reason: expect.stringMatching(/sequence 4 where 3 was expected: an entry before it is missing/),
      });
    }
  });

  it('two events swapped', async () => {
    const [b, c] = [entries[1]!, entries[2]!];
    await overwrite({ ...c, position: b.position, sequence: b.sequence });
    await overwrite({ ...b, position: c.position, sequence: c.sequence });
    const { verification, offline } = await detected();
    for (const result of [verification, offline]) {
      expect(result).toMatchObject({
        valid: false,
        checked: 2,
        firstBadPosition: b.position,
        reason: 'prevHash does not match the previous entry',
      });
    }
  });

  it('an event inserted, chained in properly, the entries after it renumbered and re-chained', async () => {
    const size = (await get('/tree-head')).body.treeSize;
    const intruder: LedgerDoc = {
      ...entries[1]!,
      id: 'forged-event',
      service: 'enforcement',
      name: 'StopConfirmed',
      type: 'landcase.enforcement.StopConfirmed.v1',
      data: { caseId: CASE, stopped: true, observedAt: '2026-03-03T12:00:00+08:00' },
      position: size + 1,
      sequence: 3,
      prevHash: entries[1]!.hash,
      hash: '',
    };
    intruder.hash = linkHash(intruder.prevHash, intruder);
    let prev = intruder;
    const later = entries.slice(2).map((e) => {
      const moved = { ...e, sequence: e.sequence + 1, prevHash: prev.hash };
      moved.hash = linkHash(moved.prevHash, moved);
      prev = moved;
      return moved;
    });
    for (const doc of [intruder, ...later]) await overwrite(doc);

    const { verification, offline } = await detected();
    expect(verification).toMatchObject({
      valid: false,
      checked: 3,
      firstBadPosition: size + 1,
      reason: `position ${size + 1} is outside the ledger tree of ${size} entries`,
    });
    expect(offline).toMatchObject({ valid: false, checked: 3, firstBadPosition: size + 1 });
  });
});

describe('the whole ledger verified at once (GET /audit/verification)', () => {
  const whole = () => get('/verification');

  it('holds for the intact ledger: every chain, and the root recomputed over every entry', async () => {
    const { status, body } = await whole();
    expect(status).toBe(200);
    const size = (await get('/tree-head')).body.treeSize;
    // The case, the other case and the case's access log at least.
    expect(body).toMatchObject({ valid: true, checked: size, treeSize: size });
    expect(body.chains).toBeGreaterThanOrEqual(3);
    expect(body.rootHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names a changed entry', async () => {
    const target = entries[2]!;
    await overwrite({ ...target, data: { ...(target.data as object), areaMu: 0.5 } });
    expect((await whole()).body).toMatchObject({
      valid: false,
      checked: target.position,
      firstBadPosition: target.position,
      reason: 'hash does not match the entry',
    });
  });

  it('catches a changed entry whose chain was recomputed by the root alone', async () => {
    const forged = entries.map((e) => ({ ...e }));
    forged[2]!.data = { ...(forged[2]!.data as object), areaMu: 0.5 };
    for (let i = 2; i < forged.length; i++) {
      forged[i]!.prevHash = forged[i - 1]!.hash;
      forged[i]!.hash = linkHash(forged[i]!.prevHash, forged[i]!);
      await overwrite(forged[i]!);
    }
    const { body } = await whole();
    expect(body).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/Merkle root of the \d+ entries is not the signed tree head's/),
    });
    expect(body.firstBadPosition).toBeUndefined();
  });

  it('names the entry after a deleted one', async () => {
    await ledger().delete(entries[2]!.id);
    expect((await whole()).body).toMatchObject({
      valid: false,
      firstBadPosition: entries[2]!.position + 1,
      reason: expect.stringMatching(/where \d+ was expected: the whole ledger holds every position/),
    });
  });

  it('is for auditors only', async () => {
    const nrb = await sys.token('nrb');
    const res = await sys.app.inject({
      method: 'GET',
      url: '/audit/verification',
      headers: { authorization: `Bearer ${nrb}` },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).not.toHaveProperty('valid');
  });
});

describe('tampering with a field the timeline shows beside the chained event', () => {
  it('the agency kept beside an event changed in the store', async () => {
    const target = entries[1]!;
    await overwrite({ ...target, agency: 'psb' });
    const { verification, offline } = await detected();
    for (const result of [verification, offline]) {
      expect(result).toMatchObject({
        valid: false,
        checked: 2,
        firstBadPosition: target.position,
        reason: 'agency "psb" is not what its actor derives to ("nrb")',
      });
    }
  });
});

describe('tampering with an export', () => {
  /** The export as a file holds it, read back. */
  const exported = async () => JSON.parse(JSON.stringify((await get(`/cases/${CASE}/export`)).body));

  it('an honest export survives the round trip through a file, with the published key and without', async () => {
    const bundle = await exported();
    expect(bundle.exportedAt).toBe(bundle.treeHead.timestamp);
    expect(verifyBundle(bundle, { publicKey: published })).toMatchObject({
      valid: true,
      checked: 5,
      keyPinned: true,
    });
    expect(verifyBundle(bundle)).toMatchObject({ valid: true, checked: 5, keyPinned: false });
  });

  // Each edit names the entry (its position) and the field to blame; a hashed field can only be
  // named by the hash that no longer matches.
  type Entry = Record<string, unknown> & { documents?: object[]; data: Record<string, unknown> };
  const edits: [string, number, (entry: Entry) => void, string | RegExp][] = [
    ['agency', 1, (e) => (e.agency = 'psb'), 'agency "psb" is not what its actor derives to ("nrb")'],
    [
      'name',
      1,
      (e) => (e.name = 'ClueRejected'),
      /^name "ClueRejected" is not what its type derives to \("ClueVerified"\)$/,
    ],
    [
      'service',
      2,
      (e) => (e.service = 'detection'),
      /^service "detection" is not what its type derives to \("enforcement"\)$/,
    ],
    [
      'documents, one changed',
      3,
      (e) => ((e.documents![0] as { ref: string }).ref = 'S-forged'),
      /^documents \[.*S-forged.*\] is not what its data derives to/,
    ],
    [
      'documents, one added',
      1,
      (e) => e.documents!.push({ kind: 'decisionRef', ref: 'D-9' }),
      /^documents .* is not what its data derives to \(\[\]\)$/,
    ],
    ['documents, the list dropped', 3, (e) => delete e.documents, 'documents must be a list'],
    [
      'a numeric ruleSetVersion added',
      3,
      (e) => (e.ruleSetVersion = 2026),
      'ruleSetVersion must be a string when present, not 2026',
    ],
    [
      'a ruleSetVersion added as text',
      3,
      (e) => (e.ruleSetVersion = '2026.1'),
      'hash does not match the entry',
    ],
    [
      'a missed deadline added',
      3,
      (e) => (e.deadlineMissed = { deadlineId: 'd', state: 's', dueAt: 'x', rule: 'r', source: 's' }),
      /^deadlineMissed .* is not what its type and data derives to \(null\)$/,
    ],
    ['an unknown field', 0, (e) => (e.note = 'reviewed'), /^unknown field "note"/],
    ['a number where text belongs', 0, (e) => (e.actor = 42), 'actor must be a string, not 42'],
    [
      'a lone surrogate in the data',
      3,
      (e) => (e.data.documentRef = 'S-1\ud800'),
      /^entry cannot be hashed: canonicalJson: a lone surrogate at \/data\/documentRef is not I-JSON/,
    ],
  ];
  it.each(edits)('%s: verify fails naming the entry and the field', async (_what, index, edit, reason) => {
    const bundle = await exported();
    edit(bundle.events[index]);
    for (const result of [verifyBundle(bundle, { publicKey: published }), verifyBundle(bundle)]) {
      expect(result).toMatchObject({
        valid: false,
        failed: 'entry',
        checked: index + 1,
        firstBadPosition: entries[index]!.position,
        reason,
      });
    }
  });

  it('the export time, an unknown field, or the format changed: the bundle is refused as a whole', async () => {
    const bundle = await exported();
    expect(verifyBundle({ ...bundle, exportedAt: '2027-01-01T00:00:00.000Z' })).toMatchObject({
      valid: false,
      failed: 'bundle',
      reason: "exportedAt is not the signed tree head's timestamp",
    });
    expect(verifyBundle({ ...bundle, comment: 'all fine' })).toMatchObject({
      valid: false,
      failed: 'bundle',
      reason: expect.stringMatching(/^unknown field "comment"/),
    });
    expect(
      verifyBundle({ ...bundle, treeHead: { ...bundle.treeHead, signer: 'the ministry' } }),
    ).toMatchObject({
      valid: false,
      failed: 'tree-head',
      reason: expect.stringMatching(/^unknown field "signer"/),
    });
    expect(verifyBundle({ ...bundle, format: 'landcase-audit-bundle-v2' })).toMatchObject({
      valid: false,
      failed: 'bundle',
    });
  });

  it('the tree head re-signed with another key', async () => {
    const bundle = (await get(`/cases/${CASE}/export`)).body;
    const other = generateKeyPairSync('ed25519');
    const forged = {
      ...bundle,
      treeHead: signTreeHead(bundle.treeHead, other.privateKey),
      publicKey: exportPublicKeyPem(other.publicKey),
    };
    expect(verifyBundle(forged, { publicKey: published })).toMatchObject({
      valid: false,
      failed: 'tree-head',
      reason: expect.stringMatching(/^the tree head is not signed by the pinned key/),
    });
    expect(verifyBundle({ ...forged, publicKey: bundle.publicKey })).toMatchObject({
      valid: false,
      failed: 'tree-head',
    });
  });

  it('a forged inclusion proof', async () => {
    const bundle = (await get(`/cases/${CASE}/export`)).body;
    const proof: string[] = bundle.events[3].inclusionProof;
    proof[0] = proof[0]!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    expect(verifyBundle(bundle, { publicKey: published })).toMatchObject({
      valid: false,
      failed: 'entry',
      checked: 4,
      firstBadPosition: entries[3]!.position,
    });
  });
});
