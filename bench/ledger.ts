// The audit ledger on in-memory read models: how fast it appends events (hash chain per case,
// gap-free global position, Merkle leaf) and how fast they can be verified, for 100,000 events
// over 10,000 cases. Verification is what `landcase verify` does with an export: the tree head's
// signature, each entry's hash recomputed from its content and predecessor, and its inclusion
// proof against the signed head; exporting (making the proofs) is measured beside it.
import * as crypto from 'node:crypto';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { CloudEvent } from '../packages/contracts/src/index.ts';
import { InMemoryReadModelStore } from '../packages/readmodels/src/index.ts';
import { hashedDocument } from '../services/audit/src/chain.ts';
import {
  type AuditBundle,
  appendToLedger,
  BUNDLE_FORMAT,
  CHAIN_ALGORITHM,
  canonicalJson,
  documentManifest,
  LEAF_ALGORITHM,
  LEDGER_COLLECTION,
  type LedgerDoc,
  LedgerTree,
  ledgerBundleOf,
  ledgerTreeOf,
  merkle,
  timelineEntry,
  verifyBundle,
  verifyChain,
} from '../services/audit/src/index.ts';
import { type Figure, isMain, printResults, stopwatch } from './figures.ts';

const PART = 'ledger';

export interface LedgerBenchOptions {
  events?: number;
  /** Events per case. */
  perCase?: number;
}

function cloudEvent(caseId: string, n: number, sequence: number): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/landcase/enforcement',
    type: 'landcase.enforcement.StopOrderServed.v1',
    subject: caseId,
    time: new Date(Date.UTC(2026, 2, 2) + sequence * 1000).toISOString(),
    datacontenttype: 'application/json',
    data: {
      caseId,
      servedAt: '2026-03-03T10:00:00+08:00',
      documentRef: `FY-STOP-2026-${n}`,
      party: { name: 'Fenyang Brick Works Ltd', kind: 'organization' },
      measures: ['demolish', 'restore', 'fine'],
      areaMu: 6.2,
    },
    actor: 'nrb:officer-1',
    division: '141181',
    correlationid: randomUUID(),
    causationid: randomUUID(),
    sequence: String(sequence),
  };
}

export async function benchLedger(options: LedgerBenchOptions = {}): Promise<Figure[]> {
  const total = options.events ?? 100_000;
  const perCase = options.perCase ?? 10;
  const cases = Math.ceil(total / perCase);
  // Round robin over the cases, as events of many cases interleave on the topics.
  const events: CloudEvent[] = [];
  for (let i = 0; i < total; i++) {
    const c = i % cases;
    events.push(
      cloudEvent(`LC-141181-20260302-${c.toString(16).padStart(8, '0')}`, Math.floor(i / cases), i + 1),
    );
  }
  const readModels = new InMemoryReadModelStore();
  const now = new Date();
  const figures: Figure[] = [];

  const append = stopwatch();
  for (const event of events) await appendToLedger(readModels, event, now);
  figures.push({
    part: PART,
    what: 'ledger append, in-memory read models',
    count: total,
    unit: 'events',
    ...append(),
    note: `${cases.toLocaleString('en-US')} cases of ${perCase}; hash chain per case, gap-free position, Merkle leaf`,
  });

  const all = await readModels
    .collection<LedgerDoc>(LEDGER_COLLECTION)
    .find({}, { sort: { field: 'position', direction: 1 } });
  const byCase = new Map<string, LedgerDoc[]>();
  for (const e of all) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  for (const list of byCase.values()) list.sort((a, b) => a.sequence - b.sequence);

  const rebuild = stopwatch();
  const cold = new LedgerTree(readModels);
  await cold.sync();
  figures.push({
    part: PART,
    what: 'Merkle tree rebuilt from the stored ledger',
    count: cold.size,
    unit: 'events',
    ...rebuild(),
    note: 'what a restarted audit service does on its first tree read',
  });

  const tree = ledgerTreeOf(readModels);
  const size = await tree.sync();
  const key = generateKeyPairSync('ed25519');
  const publicKey = merkle.exportPublicKeyPem(key.publicKey);
  const treeHead = merkle.signTreeHead(
    { treeSize: size, rootHash: merkle.toHex(tree.log.root(size)), timestamp: now.toISOString() },
    key.privateKey,
  );

  const exporting = stopwatch();
  const bundles: AuditBundle[] = [];
  for (const [caseId, entries] of byCase) {
    const events = entries.map((e) => ({
      ...timelineEntry(e),
      inclusionProof: tree.log.inclusionProof(e.position - 1, size).map(merkle.toHex),
    }));
    bundles.push({
      format: BUNDLE_FORMAT,
      caseId,
      exportedAt: treeHead.timestamp,
      algorithm: CHAIN_ALGORITHM,
      tree: LEAF_ALGORITHM,
      treeHead,
      publicKey,
      events,
      documents: documentManifest(events),
    });
  }
  figures.push({
    part: PART,
    what: 'export: inclusion proofs from the cached tree',
    count: total,
    unit: 'events',
    ...exporting(),
    note: `${bundles.length.toLocaleString('en-US')} bundles against one signed head of ${size.toLocaleString('en-US')} leaves`,
  });

  const chainOnly = stopwatch();
  for (const [caseId, entries] of byCase) {
    if (!verifyChain(entries, caseId).valid) throw new Error(`the chain of ${caseId} does not verify`);
  }
  figures.push({
    part: PART,
    what: 'verification: hash chains only',
    count: total,
    unit: 'events',
    ...chainOnly(),
    note: 'canonical JSON and SHA-256 of every entry',
  });

  // The floor under chain verification: SHA-256 alone over the very bytes it hashes (built
  // beforehand, outside the timing).
  const hashed = [...byCase.values()].flatMap((entries) =>
    entries.map((e) => e.prevHash + canonicalJson(hashedDocument(e))),
  );
  const sha = stopwatch();
  for (const bytes of hashed) createHash('sha256').update(bytes, 'utf8').digest('hex');
  figures.push({
    part: PART,
    what: 'raw SHA-256 over the same bytes',
    count: hashed.length,
    unit: 'events',
    ...sha(),
    note: `node:crypto, ~${Math.round(hashed.reduce((n, b) => n + b.length, 0) / hashed.length)} B per entry`,
    baselineFor: 'verification: hash chains only',
  });

  const verify = stopwatch();
  // The verifier's pinned key, loaded once for all the bundles it checks.
  const pinned = merkle.loadEd25519PublicKey(publicKey);
  for (const bundle of bundles) {
    if (!verifyBundle(bundle, { publicKey: pinned }).valid)
      throw new Error(`the bundle of ${bundle.caseId} does not verify`);
  }
  figures.push({
    part: PART,
    what: 'verification: chains, inclusion proofs, signed head',
    count: total,
    unit: 'events',
    ...verify(),
    note: `as landcase verify does, one Ed25519 check per bundle of ${perCase}; ~${Math.ceil(Math.log2(size))} hashes per proof`,
  });
  // The whole ledger in one file: every chain recomputed and the Merkle root once over all leaves.
  const ledgerBundle = ledgerBundleOf(all.map(timelineEntry), treeHead, publicKey);
  const whole = stopwatch();
  const wholeResult = verifyBundle(ledgerBundle, { publicKey: pinned });
  if (!wholeResult.valid) throw new Error(`the whole ledger does not verify: ${wholeResult.reason}`);
  figures.push({
    part: PART,
    what: 'verification: whole ledger, root recomputed once',
    count: total,
    unit: 'events',
    ...whole(),
    note: `landcase-ledger-bundle-v1 of ${total.toLocaleString('en-US')} entries in ${byCase.size.toLocaleString('en-US')} chains: shapes, chains, shown fields, one Ed25519 check, one Merkle root`,
  });

  // Its floor: SHA-256 alone over the very bytes it hashes — each entry's chained bytes (built
  // beforehand, outside the timing), its leaf, and the tree's interior nodes.
  const inPositionOrder = all.map((e) => e.prevHash + canonicalJson(hashedDocument(e)));
  const oneShot = (crypto as { hash?: (a: string, d: Uint8Array | string, e: 'buffer') => Buffer }).hash;
  const sha256 = oneShot
    ? (data: Uint8Array | string) => oneShot('sha256', data, 'buffer')
    : (data: Uint8Array | string) => createHash('sha256').update(data).digest();
  const rawRoot = stopwatch();
  let level: Buffer[] = inPositionOrder.map((bytes) =>
    sha256(Buffer.concat([Uint8Array.of(0), sha256(bytes)])),
  );
  while (level.length > 1) {
    const up: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2)
      up.push(sha256(Buffer.concat([Uint8Array.of(1), level[i]!, level[i + 1]!])));
    if (level.length % 2 === 1) up.push(level[level.length - 1]!);
    level = up;
  }
  figures.push({
    part: PART,
    what: 'raw SHA-256: chain bytes, leaves, tree nodes',
    count: inPositionOrder.length,
    unit: 'events',
    ...rawRoot(),
    note: `node:crypto one-shot hashes, ${(inPositionOrder.length * 3 - 1).toLocaleString('en-US')} in all (a carried-up odd node is RFC 6962's tree)`,
    baselineFor: 'verification: whole ledger, root recomputed once',
  });
  if (!merkle.equalBytes(level[0]!, tree.log.root(size)))
    throw new Error('the raw root is not the tree root');

  await readModels.close();
  return figures;
}

if (isMain(import.meta.url)) {
  console.log('audit ledger (in-memory read models)');
  printResults(await benchLedger());
}
