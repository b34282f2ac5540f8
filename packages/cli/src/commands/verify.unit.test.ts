import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AuditBundle,
  BUNDLE_FORMAT,
  CHAIN_ALGORITHM,
  documentManifest,
  GENESIS_HASH,
  LEAF_ALGORITHM,
  type LedgerBundle,
  leafOf,
  ledgerBundleOf,
  linkHash,
  MerkleLog,
  merkle,
} from '@landcase/audit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../program.ts';
import { captureOutput } from './capture-output.ts';

const CASE = 'LC-141181-20260302-0a1b2c3d';
const signer = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

const LETTER_TEXT = '涉嫌犯罪案件移送书 汾自然资移〔2026〕7号';
const LETTER_SHA = createHash('sha256').update(LETTER_TEXT, 'utf8').digest('hex');

/**
 * A bundle of three entries of one case at positions 2, 4, 5 of a ledger of 6; with `letter`, the
 * entry at 5 attaches a referral letter instead.
 */
function bundle({ letter = false } = {}): AuditBundle {
  const log = new MerkleLog();
  const links = [];
  let prevHash = GENESIS_HASH;
  for (let position = 1; position <= 6; position++) {
    if (![2, 4, 5].includes(position)) {
      log.append(merkle.leafHash(new TextEncoder().encode(`other ${position}`)));
      continue;
    }
    const attaches = letter && position === 5;
    const event = {
      id: `event-${position}`,
      caseId: CASE,
      source: attaches ? '/landcase/referral' : '/landcase/enforcement',
      type: attaches
        ? 'landcase.referral.ReferralDocumentAttached.v1'
        : 'landcase.enforcement.StopOrderServed.v1',
      time: `2026-03-0${position}T02:00:00.000Z`,
      actor: 'nrb:officer-1',
      division: '141181',
      correlationId: 'c',
      causationId: 'k',
      data: attaches
        ? {
            caseId: CASE,
            referralId: `${CASE}.psb`,
            name: '移送书.txt',
            kind: 'referral-letter',
            mediaType: 'text/plain; charset=utf-8',
            size: Buffer.byteLength(LETTER_TEXT),
            sha256: LETTER_SHA,
            attachedAt: '2026-03-05T10:00:00+08:00',
          }
        : { caseId: CASE, documentRef: `S-${position}` },
    };
    const hash = linkHash(prevHash, event);
    links.push({ ...event, position, sequence: links.length + 1, prevHash, hash });
    log.append(leafOf(hash));
    prevHash = hash;
  }
  const events = links.map((l) => {
    const d = l.data as unknown as Record<string, string>;
    return {
      ...l,
      service: l.source.slice('/landcase/'.length),
      name: l.type.split('.')[2]!,
      agency: 'nrb',
      documents: d.documentRef
        ? [{ kind: 'documentRef', ref: d.documentRef }]
        : [{ kind: d.kind!, ref: d.name!, sha256: d.sha256! }],
      inclusionProof: log.inclusionProof(l.position - 1).map(merkle.toHex),
    };
  });
  return {
    format: BUNDLE_FORMAT,
    caseId: CASE,
    exportedAt: '2026-03-07T00:00:00.000Z',
    algorithm: CHAIN_ALGORITHM,
    tree: LEAF_ALGORITHM,
    treeHead: merkle.signTreeHead(
      { treeSize: 6, rootHash: merkle.toHex(log.root()), timestamp: '2026-03-07T00:00:00.000Z' },
      signer.privateKey,
    ),
    publicKey: merkle.exportPublicKeyPem(signer.publicKey),
    events,
    documents: documentManifest(events),
  };
}

let dir: string;
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const run = (...args: string[]) => captureOutput(() => runCli(['verify', ...args]));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'landcase-verify-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('landcase verify', () => {
  it('accepts an intact bundle, and says plainly that without a pinned key the signer is unverified', async () => {
    const path = file('good.json', bundle());
    const plain = await run(path);
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(
      /^valid: .*good\.json: 3 entries chained and included in the ledger tree of 6 entries\n/,
    );
    expect(plain.out).toMatch(
      /\nSIGNER UNVERIFIED: the tree head verifies only with the key inside the bundle \([0-9a-f]{64}\), which shows the file is consistent with itself, not who signed it\. Pin the key the ledger publishes .* with --key <public-key\.pem>\.\n$/,
    );
    expect(plain.out).not.toMatch(/signed by the pinned key/);

    const key = file('pub.pem', merkle.exportPublicKeyPem(signer.publicKey));
    const pinned = await run(path, '--key', key);
    expect(pinned.code).toBe(0);
    expect(pinned.out).toMatch(/signed by the pinned key [0-9a-f]{64}\n$/);
    expect(pinned.out).not.toMatch(/UNVERIFIED/);
  });

  it('lists the documents the bundle holds, and checks files given against their hashes', async () => {
    const path = file('documents.json', bundle({ letter: true }));
    const letter = file('移送书.txt', LETTER_TEXT);
    const listed = await run(path, '--document', letter);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`documents:\nreferral ${CASE}.psb:\n  referral-letter "移送书.txt"`);
    expect(listed.out).toContain(`sha256=${LETTER_SHA}`);
    expect(listed.out).toContain(
      `matches: ${letter}: sha256=${LETTER_SHA} is referral ${CASE}.psb referral-letter "移送书.txt"`,
    );
    // A file that differs by one character is not the document, and the check fails.
    const forged = file('forged.txt', `${LETTER_TEXT} `);
    const refused = await run(path, '--document', letter, forged);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(
      /NOT IN THE BUNDLE: .*forged\.txt: sha256=[0-9a-f]{64} is no document the bundle lists/,
    );
  });

  it('names the first bad entry and exits 1', async () => {
    const tampered = bundle();
    (tampered.events[1]!.data as { documentRef: string }).documentRef = 'S-forged';
    const { code, out } = await run(file('bad.json', tampered));
    expect(code).toBe(1);
    expect(out).toBe(
      `INVALID: ${join(dir, 'bad.json')}: first bad entry at position 4 (entry 2 of the case): hash does not match the entry\n`,
    );
  });

  it('names the entry and the field when a field outside the hash was edited', async () => {
    const tampered = bundle();
    tampered.events[0]!.agency = 'psb';
    const { code, out } = await run(file('agency.json', tampered));
    expect(code).toBe(1);
    expect(out).toBe(
      `INVALID: ${join(dir, 'agency.json')}: first bad entry at position 2 (entry 1 of the case): agency "psb" is not what its actor derives to ("nrb")\n`,
    );
  });

  it('refuses a head signed by another key than the pinned one', async () => {
    const resigned = bundle();
    resigned.treeHead = merkle.signTreeHead(resigned.treeHead, other.privateKey);
    resigned.publicKey = merkle.exportPublicKeyPem(other.publicKey);
    const path = file('resigned.json', resigned);
    expect((await run(path)).code).toBe(0);
    const { code, out } = await run(
      path,
      '--key',
      file('pinned.pem', merkle.exportPublicKeyPem(signer.publicKey)),
    );
    expect(code).toBe(1);
    expect(out).toMatch(/INVALID: .*: tree head: the tree head is not signed by the pinned key/);
  });

  it('checks a file of the whole ledger by its Merkle root, and names its first bad entry', async () => {
    // Two cases interleaved over positions 1..4: every position of the signed tree is in the file.
    const entries: LedgerBundle['events'] = [];
    const last = new Map<string, { hash: string; sequence: number }>();
    const log = new MerkleLog();
    for (let position = 1; position <= 4; position++) {
      const caseId = position % 2 === 0 ? CASE : `${CASE.slice(0, -1)}e`;
      const before = last.get(caseId) ?? { hash: GENESIS_HASH, sequence: 0 };
      const event = {
        id: `event-${position}`,
        caseId,
        source: '/landcase/enforcement',
        type: 'landcase.enforcement.StopOrderServed.v1',
        time: `2026-03-0${position}T02:00:00.000Z`,
        actor: 'nrb:officer-1',
        division: '141181',
        correlationId: 'c',
        causationId: 'k',
        data: { caseId, documentRef: `S-${position}` },
      };
      const hash = linkHash(before.hash, event);
      entries.push({
        ...event,
        position,
        sequence: before.sequence + 1,
        prevHash: before.hash,
        hash,
        service: 'enforcement',
        name: 'StopOrderServed',
        agency: 'nrb',
        documents: [{ kind: 'documentRef', ref: `S-${position}` }],
      });
      log.append(leafOf(hash));
      last.set(caseId, { hash, sequence: before.sequence + 1 });
    }
    const head = merkle.signTreeHead(
      { treeSize: 4, rootHash: merkle.toHex(log.root()), timestamp: '2026-03-07T00:00:00.000Z' },
      signer.privateKey,
    );
    const whole = ledgerBundleOf(entries, head, merkle.exportPublicKeyPem(signer.publicKey));
    const key = file('ledger-pub.pem', merkle.exportPublicKeyPem(signer.publicKey));
    const good = await run(file('ledger.json', whole), '--key', key);
    expect(good.code).toBe(0);
    expect(good.out).toMatch(
      /^valid: .*ledger\.json: the whole ledger, 4 entries in 2 chains, chained, their Merkle root recomputed and equal to the signed tree head's\nsigned by the pinned key [0-9a-f]{64}\n$/,
    );

    const tampered = structuredClone(whole);
    tampered.events[2]!.time = '2026-03-09T02:00:00.000Z';
    const bad = await run(file('ledger-bad.json', tampered), '--key', key);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe(
      `INVALID: ${join(dir, 'ledger-bad.json')}: first bad entry at position 3 (entry 3 of the ledger): hash does not match the entry\n`,
    );

    // Two entries of different cases swapped and renumbered: each chain holds, the root does not.
    const swapped = structuredClone(whole);
    [swapped.events[0], swapped.events[1]] = [
      { ...swapped.events[1]!, position: 1 },
      { ...swapped.events[0]!, position: 2 },
    ];
    const reordered = await run(file('ledger-swapped.json', swapped), '--key', key);
    expect(reordered.code).toBe(1);
    expect(reordered.out).toMatch(
      /^INVALID: .*ledger-swapped\.json: the whole ledger \(4 entries\): the Merkle root of the 4 entries is not the signed tree head's/,
    );
  });

  it('exits 1 on a file that is not JSON and 2 on wrong usage', async () => {
    expect((await run(file('junk.json', '{ nope'))).code).toBe(1);
    expect((await run()).code).toBe(2);
    expect((await run('a.json', 'b.json')).code).toBe(2);
    expect((await run(file('ok.json', bundle()), '--key', join(dir, 'missing.pem'))).code).toBe(2);
    expect((await run('--bogus')).err).toMatch(/unknown option '--bogus'/);
  });
});
