import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHAIN_ALGORITHM, type ChainedEvent, type ChainLink, GENESIS_HASH, linkHash } from './chain.ts';
import { LEAF_ALGORITHM, leafOf } from './ledger-tree.ts';
import { exportPublicKeyPem, leafHash, signTreeHead, toHex } from './merkle/index.ts';
import { MerkleLog } from './merkle-log.ts';
import { type AuditBundle, BUNDLE_FORMAT, type BundleEntry, verifyBundle } from './verify-bundle.ts';

// Every tamper an auditor must catch in an exported file, each named by the first bad position
// (or, for the tree head, by the part that failed).

const CASE = 'LC-141181-20260302-0a1b2c3d';
const TREE_SIZE = 57;
const signer = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

function event(i: number): ChainedEvent {
  return {
    id: `00000000-0000-4000-8000-00000000000${i}`,
    caseId: CASE,
    source: '/landcase/enforcement',
    type: 'landcase.enforcement.StopConfirmed.v1',
    time: `2026-03-0${i}T02:00:00.000Z`,
    actor: 'nrb:officer-1',
    division: '141181',
    correlationId: 'corr-1',
    causationId: 'cause-1',
    data: { caseId: CASE, stopped: i % 2 === 0, observedAt: `2026-03-0${i}T10:00:00+08:00` },
  };
}

/** The case's chain: n links at positions 10, 20, ... */
function chain(n: number): ChainLink[] {
  const links: ChainLink[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = event(i);
    const hash = linkHash(prevHash, e);
    links.push({ ...e, position: i * 10, sequence: i, prevHash, hash });
    prevHash = hash;
  }
  return links;
}

/** A ledger tree of TREE_SIZE leaves in which the case's links sit at their positions. */
function treeWith(links: ChainLink[]): MerkleLog {
  const log = new MerkleLog();
  const at = new Map(links.map((l) => [l.position, l.hash]));
  for (let p = 1; p <= TREE_SIZE; p++) {
    const hash = at.get(p);
    log.append(hash ? leafOf(hash) : leafHash(new TextEncoder().encode(`other case ${p}`)));
  }
  return log;
}

const entry = (l: ChainLink, log: MerkleLog): BundleEntry => ({
  ...l,
  service: 'enforcement',
  name: 'StopConfirmed',
  agency: 'nrb',
  documents: [],
  inclusionProof: log.inclusionProof(l.position - 1).map(toHex),
});

function bundleOf(links: ChainLink[], key = signer): AuditBundle {
  const log = treeWith(links);
  return {
    format: BUNDLE_FORMAT,
    caseId: CASE,
    exportedAt: '2026-07-01T00:00:00.000Z',
    algorithm: CHAIN_ALGORITHM,
    tree: LEAF_ALGORITHM,
    treeHead: signTreeHead(
      { treeSize: TREE_SIZE, rootHash: toHex(log.root()), timestamp: '2026-07-01T00:00:00.000Z' },
      key.privateKey,
    ),
    publicKey: exportPublicKeyPem(key.publicKey),
    events: links.map((l) => entry(l, log)),
    documents: [],
  };
}

/** Recomputes every hash from `from` on, as a forger who knows the algorithm would. */
function rechain(links: ChainLink[], from = 0): ChainLink[] {
  const out = links.map((l) => ({ ...l }));
  for (let i = from; i < out.length; i++) {
    out[i]!.prevHash = i === 0 ? GENESIS_HASH : out[i - 1]!.hash;
    out[i]!.hash = linkHash(out[i]!.prevHash, out[i]!);
  }
  return out;
}

const pem = exportPublicKeyPem(signer.publicKey);

describe('verifyBundle', () => {
  it('accepts an intact bundle, with its own key and with the pinned one', () => {
    const bundle = bundleOf(chain(4));
    expect(verifyBundle(bundle)).toMatchObject({ valid: true, checked: 4, keyPinned: false, treeSize: 57 });
    expect(verifyBundle(bundle, { publicKey: pem })).toMatchObject({ valid: true, keyPinned: true });
  });

  it('survives a round trip through JSON with keys in another order', () => {
    const reordered = JSON.parse(JSON.stringify(bundleOf(chain(3)), (_k, v) => reverse(v)));
    expect(verifyBundle(reordered, { publicKey: pem }).valid).toBe(true);
  });

  it('checks an entry decided by a rule, whose ruleSetVersion the hash covers, and refuses it of any other type', () => {
    const links = chain(3).map((l) => ({ ...l, ruleSetVersion: '2026.1' }));
    const bundle = bundleOf(rechain(links));
    expect(verifyBundle(bundle, { publicKey: pem })).toMatchObject({ valid: true, checked: 3 });
    for (const wrong of [null, 2026, ['2026.1'], { v: '2026.1' }]) {
      const changed = structuredClone(bundle);
      (changed.events[1] as { ruleSetVersion: unknown }).ruleSetVersion = wrong;
      expect(verifyBundle(changed, { publicKey: pem })).toMatchObject({
        valid: false,
        firstBadPosition: 20,
        reason: `ruleSetVersion must be a string when present, not ${JSON.stringify(wrong)}`,
      });
    }
  });

  it('refuses positions, sequences, hashes and proofs of the wrong type before recomputing anything', () => {
    const cases: [string, unknown, RegExp][] = [
      ['position', '10', /^position must be a whole number from 1/],
      ['sequence', 1.5, /^sequence must be a whole number from 1/],
      ['hash', 'ABC', /^hash must be 64 lowercase hex digits$/],
      ['inclusionProof', ['zz'], /^inclusionProof must be a list/],
      ['data', undefined, /^data is missing$/],
    ];
    for (const [field, value, reason] of cases) {
      const bundle = bundleOf(chain(2));
      (bundle.events[0] as unknown as Record<string, unknown>)[field] = value;
      expect(verifyBundle(bundle), field).toMatchObject({
        valid: false,
        checked: 1,
        reason: expect.stringMatching(reason),
      });
    }
  });

  it('names the entry whose payload was changed', () => {
    const bundle = bundleOf(chain(4));
    (bundle.events[2]!.data as { stopped: boolean }).stopped = !(
      bundle.events[2]!.data as { stopped: boolean }
    ).stopped;
    expect(verifyBundle(bundle)).toMatchObject({
      valid: false,
      checked: 3,
      failed: 'entry',
      firstBadPosition: 30,
      reason: 'hash does not match the entry',
    });
  });

  it('names a changed entry even when the forger recomputed the whole chain: the signed tree holds the old one', () => {
    const links = chain(4);
    const bundle = bundleOf(links);
    const forged = rechain(links.map((l, i) => (i === 1 ? { ...l, actor: 'nrb:someone-else' } : l)));
    bundle.events = bundle.events.map((e, i) => ({ ...e, ...forged[i]! }));
    expect(verifyBundle(bundle)).toMatchObject({
      valid: false,
      failed: 'entry',
      firstBadPosition: 20,
      reason: 'the entry is not included in the signed tree of 57 entries',
    });
  });

  it('names the entry after a deleted one', () => {
    const bundle = bundleOf(chain(4));
    bundle.events.splice(1, 1);
    expect(verifyBundle(bundle)).toMatchObject({
      valid: false,
      firstBadPosition: 30,
      reason: expect.stringMatching(/sequence 3 where 2 was expected: an entry before it is missing/),
    });
  });

  it('names the first of two swapped entries', () => {
    const bundle = bundleOf(chain(4));
    [bundle.events[1], bundle.events[2]] = [bundle.events[2]!, bundle.events[1]!];
    expect(verifyBundle(bundle)).toMatchObject({ valid: false, firstBadPosition: 30 });
    // Renumbered to look in order, the swap still breaks the chain at the first of them.
    const renumbered = bundleOf(chain(4));
    const [b, c] = [renumbered.events[1]!, renumbered.events[2]!];
    renumbered.events[1] = { ...c, position: b.position, sequence: b.sequence };
    renumbered.events[2] = { ...b, position: c.position, sequence: c.sequence };
    expect(verifyBundle(renumbered)).toMatchObject({ valid: false, firstBadPosition: 20 });
  });

  it('names an inserted entry, also when the forger re-chained everything after it', () => {
    const links = chain(3);
    const intruder: ChainLink = {
      ...event(9),
      position: 25,
      sequence: 3,
      prevHash: links[1]!.hash,
      hash: '',
    };
    const bundle = bundleOf(links);
    const log = treeWith(links);
    const forged = rechain([links[0]!, links[1]!, intruder, { ...links[2]!, sequence: 4 }], 2);
    bundle.events = forged.map((l) => entry(l, log));
    expect(verifyBundle(bundle)).toMatchObject({ valid: false, failed: 'entry', firstBadPosition: 25 });
  });

  it('refuses a tree head re-signed with another key: by the signature, or by the pinned key', () => {
    const bundle = bundleOf(chain(3));
    const resigned = { ...bundle, treeHead: signTreeHead(bundle.treeHead, other.privateKey) };
    expect(verifyBundle(resigned)).toMatchObject({
      valid: false,
      checked: 0,
      failed: 'tree-head',
      reason: 'the tree head signature does not verify with the bundled public key',
    });
    // Swapping the bundled key too makes the file self-consistent: only a pinned key catches it.
    const swapped = { ...resigned, publicKey: exportPublicKeyPem(other.publicKey) };
    expect(verifyBundle(swapped)).toMatchObject({ valid: true, keyPinned: false });
    expect(verifyBundle(swapped).keyId).not.toBe(bundle.treeHead.keyId);
    expect(verifyBundle(swapped, { publicKey: pem })).toMatchObject({
      valid: false,
      failed: 'tree-head',
      reason: expect.stringMatching(/not signed by the pinned key/),
    });
  });

  it('refuses a tree head whose size or root was changed after signing', () => {
    const bundle = bundleOf(chain(2));
    expect(verifyBundle({ ...bundle, treeHead: { ...bundle.treeHead, treeSize: 58 } })).toMatchObject({
      valid: false,
      failed: 'tree-head',
    });
    const root = bundle.treeHead.rootHash;
    const otherRoot = `${root.slice(0, -1)}${root.endsWith('0') ? '1' : '0'}`;
    expect(verifyBundle({ ...bundle, treeHead: { ...bundle.treeHead, rootHash: otherRoot } })).toMatchObject({
      valid: false,
      failed: 'tree-head',
    });
  });

  it('names the entry whose inclusion proof was forged', () => {
    const bundle = bundleOf(chain(4));
    const proof = bundle.events[2]!.inclusionProof!;
    proof[1] = `${proof[1]!.slice(0, -2)}${proof[1]!.endsWith('00') ? '01' : '00'}`;
    expect(verifyBundle(bundle)).toMatchObject({ valid: false, checked: 3, firstBadPosition: 30 });

    const borrowed = bundleOf(chain(4));
    borrowed.events[1]!.inclusionProof = borrowed.events[0]!.inclusionProof;
    expect(verifyBundle(borrowed)).toMatchObject({ valid: false, firstBadPosition: 20 });

    const missing = bundleOf(chain(4));
    missing.events[3]!.inclusionProof = null;
    expect(verifyBundle(missing)).toMatchObject({
      valid: false,
      firstBadPosition: 40,
      reason: 'the entry has no inclusion proof',
    });
  });

  it('refuses entries of another case and anything that is not a bundle, without throwing', () => {
    expect(verifyBundle({ ...bundleOf(chain(2)), caseId: 'LC-other' })).toMatchObject({
      valid: false,
      firstBadPosition: 10,
    });
    expect(verifyBundle(null)).toMatchObject({ valid: false, checked: 0, failed: 'bundle' });
    expect(verifyBundle({ ...bundleOf(chain(1)), algorithm: 'md5' })).toMatchObject({ valid: false });
    expect(verifyBundle({ ...bundleOf(chain(1)), events: [] })).toMatchObject({ valid: false });
    expect(verifyBundle({ ...bundleOf(chain(1)), events: [42, null] })).toMatchObject({
      valid: false,
      checked: 1,
    });
    expect(verifyBundle({ ...bundleOf(chain(1)), publicKey: 'junk' })).toMatchObject({
      valid: false,
      failed: 'tree-head',
    });
    expect(verifyBundle(bundleOf(chain(1)), { publicKey: 'junk' })).toMatchObject({
      valid: false,
      failed: 'tree-head',
    });
    const badHex = bundleOf(chain(2));
    badHex.events[0]!.inclusionProof = ['zz'];
    expect(verifyBundle(badHex)).toMatchObject({ valid: false, firstBadPosition: 10 });
  });
});

function reverse(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).reverse());
}
