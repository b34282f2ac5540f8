import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHAIN_ALGORITHM, type ChainedEvent, GENESIS_HASH, linkHash } from './chain.ts';
import { documentManifest } from './document-manifest.ts';
import type { TimelineEntry } from './ledger-entry.ts';
import { LEAF_ALGORITHM, leafOf } from './ledger-tree.ts';
import { exportPublicKeyPem, loadEd25519PublicKey, signTreeHead, toHex } from './merkle/index.ts';
import { MerkleLog } from './merkle-log.ts';
import { type AuditBundle, BUNDLE_FORMAT, type BundleEntry, verifyBundle } from './verify-bundle.ts';
import { type LedgerBundle, ledgerBundleOf, verifyWholeLedger } from './verify-ledger.ts';

// The whole ledger verified by one Merkle root over all its leaves: every byte of the file still
// counts, and entries in another order fail although each case's chain may still hold.

const CASES = ['LC-141181-20260302-0000000a', 'LC-141181-20260302-0000000b', 'LC-141181-20260302-0000000c'];
const TIMESTAMP = '2026-07-01T00:00:00.000Z';
const signer = generateKeyPairSync('ed25519');
const pem = exportPublicKeyPem(signer.publicKey);

function event(caseId: string, n: number): ChainedEvent {
  return {
    id: `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`,
    caseId,
    source: '/landcase/enforcement',
    type: 'landcase.enforcement.StopOrderServed.v1',
    time: `2026-03-02T02:00:${n.toString().padStart(2, '0')}.000Z`,
    actor: 'nrb:officer-1',
    division: '141181',
    correlationId: `corr-${n}`,
    causationId: `cause-${n}`,
    ...(n % 4 === 0 ? { ruleSetVersion: '2026.1' } : {}),
    data: { caseId, documentRef: `FY-STOP-${n}`, areaMu: 6.2, stopped: n % 2 === 0 },
  };
}

/** `n` entries round robin over the cases, positions 1..n, each case chained in position order. */
function ledger(n: number, cases = CASES): TimelineEntry[] {
  const last = new Map<string, { hash: string; sequence: number }>();
  const entries: TimelineEntry[] = [];
  for (let position = 1; position <= n; position++) {
    const caseId = cases[(position - 1) % cases.length]!;
    const before = last.get(caseId) ?? { hash: GENESIS_HASH, sequence: 0 };
    const e = event(caseId, position);
    const hash = linkHash(before.hash, e);
    entries.push({
      ...e,
      position,
      sequence: before.sequence + 1,
      prevHash: before.hash,
      hash,
      service: 'enforcement',
      name: 'StopOrderServed',
      agency: 'nrb',
      documents: [{ kind: 'documentRef', ref: `FY-STOP-${position}` }],
    });
    last.set(caseId, { hash, sequence: before.sequence + 1 });
  }
  return entries;
}

function headOf(entries: TimelineEntry[]) {
  const log = new MerkleLog();
  for (const e of entries) log.append(leafOf(e.hash));
  return {
    log,
    head: signTreeHead(
      { treeSize: entries.length, rootHash: toHex(log.root()), timestamp: TIMESTAMP },
      signer.privateKey,
    ),
  };
}

function ledgerBundle(n = 9): LedgerBundle {
  const entries = ledger(n);
  return ledgerBundleOf(entries, headOf(entries).head, pem);
}

/** Every copy of `json` with one byte's lowest bit flipped, with the offset. */
function* flippedBytes(json: string): Generator<[number, string]> {
  const bytes = Buffer.from(json, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const copy = Buffer.from(bytes);
    copy[i] = copy[i]! ^ 0x01;
    yield [i, copy.toString('utf8')];
  }
}

/** Offsets at which a flipped byte still gave a valid file (none may). */
function acceptedFlips(json: string): number[] {
  const accepted: number[] = [];
  for (const [offset, text] of flippedBytes(json)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      continue;
    }
    // Unpinned is the weaker check (a pinned key must also be the bundled one): what it refuses, both do.
    if (verifyBundle(parsed).valid) accepted.push(offset);
  }
  return accepted;
}

describe('the whole ledger, verified by one Merkle root', () => {
  it('accepts an intact ledger bundle, pinned or not, naming how many chains it holds', () => {
    const bundle = ledgerBundle();
    expect(verifyBundle(bundle, { publicKey: pem })).toMatchObject({
      valid: true,
      checked: 9,
      chains: 3,
      wholeLedger: true,
      keyPinned: true,
      treeSize: 9,
    });
    expect(verifyBundle(JSON.parse(JSON.stringify(bundle)))).toMatchObject({ valid: true, keyPinned: false });
  });

  it('fails on a single flipped byte anywhere in the file', () => {
    const json = JSON.stringify(ledgerBundle(5));
    expect(json.length).toBeGreaterThan(2500);
    expect(acceptedFlips(json)).toEqual([]);
  }, 30_000);

  it('fails on a pair of entries in the other order, also when renumbered so that every chain still holds', () => {
    const bundle = ledgerBundle(9);
    // Positions 4 and 5 hold entries of different cases.
    const swapped = structuredClone(bundle);
    [swapped.events[3], swapped.events[4]] = [swapped.events[4]!, swapped.events[3]!];
    expect(verifyBundle(swapped)).toMatchObject({ valid: false, failed: 'entry', firstBadPosition: 5 });

    const renumbered = structuredClone(swapped);
    renumbered.events[3]!.position = 4;
    renumbered.events[4]!.position = 5;
    // Each case's entries are still in chain order, so every chain holds: only the root tells.
    expect(verifyWholeLedger(renumbered.events, renumbered.treeHead)).toMatchObject({
      valid: false,
      checked: 9,
    });
    expect(verifyBundle(renumbered)).toMatchObject({
      valid: false,
      failed: 'entry',
      checked: 9,
      reason: expect.stringMatching(/Merkle root of the 9 entries is not the signed tree head's/),
    });

    // Two entries of one case trading places break its chain at the first of them.
    const sameCase = structuredClone(bundle);
    const [a, b] = [sameCase.events[0]!, sameCase.events[3]!];
    sameCase.events[0] = { ...b, position: 1 };
    sameCase.events[3] = { ...a, position: 4 };
    expect(verifyBundle(sameCase)).toMatchObject({ valid: false, firstBadPosition: 1 });
  });

  it('fails on an entry removed, added or cut off at the end, and on an inclusion proof it does not take', () => {
    const bundle = ledgerBundle(9);
    const cut = { ...bundle, events: bundle.events.slice(0, 8) };
    expect(verifyBundle(cut)).toMatchObject({
      valid: false,
      reason: '8 entries where the signed tree holds 9: the whole ledger holds every position',
    });
    const removed = { ...bundle, events: bundle.events.filter((e) => e.position !== 5) };
    expect(verifyBundle(removed)).toMatchObject({ valid: false, firstBadPosition: 6 });
    const extra = ledger(10);
    expect(verifyBundle({ ...bundle, events: extra })).toMatchObject({
      valid: false,
      reason: '10 entries where the signed tree holds 9: the whole ledger holds every position',
    });
    const withProof = structuredClone(bundle) as unknown as { events: Record<string, unknown>[] };
    withProof.events[2]!.inclusionProof = null;
    expect(verifyBundle(withProof)).toMatchObject({
      valid: false,
      firstBadPosition: 3,
      reason: expect.stringMatching(/unknown field "inclusionProof"/),
    });
  });

  it('names a changed entry by its chain, and a re-chained forgery by the root alone', () => {
    const bundle = ledgerBundle(9);
    const changed = structuredClone(bundle);
    (changed.events[6]!.data as { areaMu: number }).areaMu = 6.3;
    expect(verifyBundle(changed)).toMatchObject({
      valid: false,
      firstBadPosition: 7,
      reason: 'hash does not match the entry',
    });
    // The forger recomputes the case's chain after the change: every link holds, the root does not.
    const forged = structuredClone(changed);
    let prev = forged.events[3]!.hash;
    for (const e of forged.events.filter((e) => e.caseId === CASES[0] && e.position >= 7)) {
      e.prevHash = prev;
      e.hash = linkHash(prev, e);
      prev = e.hash;
    }
    expect(verifyBundle(forged)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/an entry was changed and its chain recomputed/),
    });
    expect(verifyBundle(forged).firstBadPosition).toBeUndefined();
  });

  it('never throws on what a file may hold', () => {
    const bundle = ledgerBundle(3);
    for (const events of [[], [null], [42, 'x'], [{}], [{ ...bundle.events[0], position: '1' }]]) {
      expect(verifyBundle({ ...bundle, events }).valid).toBe(false);
    }
    expect(verifyBundle({ ...bundle, caseId: CASES[0] })).toMatchObject({ valid: false, failed: 'bundle' });
  });
});

describe('a case bundle that holds the whole ledger', () => {
  function caseBundle(proofs: boolean): AuditBundle {
    const entries = ledger(4, [CASES[0]!]);
    const { log, head } = headOf(entries);
    return {
      documents: documentManifest(entries),
      format: BUNDLE_FORMAT,
      caseId: CASES[0]!,
      exportedAt: TIMESTAMP,
      algorithm: CHAIN_ALGORITHM,
      tree: LEAF_ALGORITHM,
      treeHead: head,
      publicKey: pem,
      events: entries.map(
        (e): BundleEntry => ({
          ...e,
          inclusionProof: proofs ? log.inclusionProof(e.position - 1).map(toHex) : null,
        }),
      ),
    };
  }

  it('is checked by its root when its entries carry no proofs, and fails on any flipped byte', () => {
    const bundle = caseBundle(false);
    expect(verifyBundle(bundle, { publicKey: pem })).toMatchObject({
      valid: true,
      checked: 4,
      wholeLedger: true,
    });
    expect(acceptedFlips(JSON.stringify(bundle))).toEqual([]);
  }, 30_000);

  it('is checked proof by proof when its entries carry them (nothing it shows goes unchecked)', () => {
    const bundle = caseBundle(true);
    const result = verifyBundle(bundle, { publicKey: pem });
    expect(result).toMatchObject({ valid: true, checked: 4 });
    expect(result.wholeLedger).toBeUndefined();
    const proof = bundle.events[2]!.inclusionProof!;
    proof[0] = `${proof[0]!.slice(0, -1)}${proof[0]!.endsWith('0') ? '1' : '0'}`;
    expect(verifyBundle(bundle)).toMatchObject({ valid: false, firstBadPosition: 3 });
  });

  it('still refuses an entry of another case among them', () => {
    const bundle = caseBundle(false);
    const other = ledger(4, [CASES[1]!]);
    const mixed = {
      ...bundle,
      events: [...bundle.events.slice(0, 3), { ...other[3]!, inclusionProof: null }],
    };
    expect(verifyBundle(mixed)).toMatchObject({
      valid: false,
      firstBadPosition: 4,
      reason: expect.stringMatching(/belongs to case/),
    });
  });
});

describe('the bundled public key', () => {
  it('is refused in any spelling but the one the ledger writes, though it parses to the same key', () => {
    const bundle = ledgerBundle(3);
    const [head, body, tail] = bundle.publicKey.split('\n');
    // The base64 of a 44-byte SPKI ends in two unused bits: set them and the key is the same.
    const last = body!.at(-2)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
    const respelled = `${head}\n${body!.slice(0, -2)}${twin}=\n${tail}\n`;
    expect(respelled).not.toBe(bundle.publicKey);
    expect(loadEd25519PublicKey(respelled).equals(loadEd25519PublicKey(bundle.publicKey))).toBe(true);
    expect(verifyBundle({ ...bundle, publicKey: respelled })).toMatchObject({
      valid: false,
      failed: 'tree-head',
      reason: expect.stringMatching(/not written as the ledger writes it/),
    });
    const crlf = bundle.publicKey.replaceAll('\n', '\r\n');
    expect(verifyBundle({ ...bundle, publicKey: crlf })).toMatchObject({ valid: false, failed: 'tree-head' });
    // A pinned key file may be written either way: only the bundle's copy must be the ledger's.
    expect(verifyBundle(bundle, { publicKey: crlf })).toMatchObject({ valid: true, keyPinned: true });
  });
});
