import type { KeyObject } from 'node:crypto';
import {
  BUNDLE_FIELDS,
  entryShapeProblem,
  shownFieldProblem,
  TREE_HEAD_FIELDS,
  unknownField,
} from './bundle-shape.ts';
import { canonicalJson } from './canonical-json.ts';
import { CHAIN_ALGORITHM, type ChainLink, type Verification, verifyChain } from './chain.ts';
import { documentManifest, type ReferralDocuments } from './document-manifest.ts';
import type { TimelineEntry } from './ledger-entry.ts';
import { LEAF_ALGORITHM, leafOf } from './ledger-tree.ts';
import {
  fromHex,
  keyId,
  loadEd25519PublicKey,
  type SignedTreeHead,
  verifyInclusion,
  verifyTreeHead,
} from './merkle/index.ts';

/**
 * v4: v3 and `documents`, the documents of the case's referrals with their SHA-256
 * (document-manifest.ts), derived from the chained events and checked by deriving it again.
 * v3: every field is checked (bundle-shape.ts), unknown ones refused, and `exportedAt` is the signed
 * head's timestamp; still read (it has no `documents`). A v2 file is refused: its shown fields and
 * export time were never covered; the ledger exports the case again.
 */
export const BUNDLE_FORMAT = 'landcase-audit-bundle-v4';
const FORMAT_V3 = 'landcase-audit-bundle-v3';

/** An exported entry: the timeline entry and its inclusion proof against the bundle's tree head. */
export interface BundleEntry extends TimelineEntry {
  /** RFC 6962 audit path of leaf `position - 1`, hex, from the leaf up; null if it has none. */
  inclusionProof: string[] | null;
}

/** What `GET /audit/cases/{caseId}/export` returns and `landcase verify` reads back. */
export interface AuditBundle {
  format: typeof BUNDLE_FORMAT;
  caseId: string;
  exportedAt: string;
  algorithm: typeof CHAIN_ALGORITHM;
  tree: typeof LEAF_ALGORITHM;
  treeHead: SignedTreeHead;
  /** SPKI PEM of the key that signed the tree head. */
  publicKey: string;
  events: BundleEntry[];
  /** The documents of the case's referrals, per referral, with their hashes (v4). */
  documents: ReferralDocuments[];
}

export interface BundleVerification extends Verification {
  /** Which part failed: the file's shape, the tree head (signature, key) or an entry. */
  failed?: 'bundle' | 'tree-head' | 'entry';
  /** keyId of the key that signed the tree head, when it checked out. */
  keyId?: string;
  /**
   * True when the head was checked against a key the user supplied. False: the head verifies with
   * the key the bundle carries, which shows the file consistent with itself, not who signed it.
   */
  keyPinned?: boolean;
  treeSize?: number;
}

export interface VerifyBundleOptions {
  /** A key the verifier trusts (SPKI PEM or a KeyObject): the head must be signed by it. */
  publicKey?: string | KeyObject;
}

/** Whether two values have the same canonical JSON; false for a value that has none. */
function sameJson(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

const bad = (failed: 'bundle' | 'tree-head', reason: string): BundleVerification => ({
  valid: false,
  checked: 0,
  failed,
  reason,
});

function keyOf(key: string | KeyObject): KeyObject {
  return typeof key === 'string' ? loadEd25519PublicKey(key) : key;
}

/**
 * Checks an exported case offline, needing nothing but the bundle (and, better, a pinned key): the
 * bundle's and the head's fields, the head's Ed25519 signature, then in chain order each entry's
 * fields and their types, its hash recomputed from its content and its predecessor, the fields it
 * shows derived again from hashed ones, and its inclusion in the signed tree. Reports the first
 * entry that fails, by ledger position, naming the field where one is to blame. Pure; never throws,
 * whatever the file holds.
 *
 * Without a pinned key the bundle proves only that its entries belong to a tree its own key
 * signed; `keyId` is returned so the caller can compare it with the key the ledger publishes.
 */
export function verifyBundle(bundle: unknown, options: VerifyBundleOptions = {}): BundleVerification {
  if (!bundle || typeof bundle !== 'object') return bad('bundle', 'not an audit bundle');
  const b = bundle as Partial<AuditBundle> & { format?: string };
  if (b.format !== BUNDLE_FORMAT && b.format !== FORMAT_V3)
    return bad('bundle', `unknown bundle format ${JSON.stringify(b.format)}`);
  const v4 = b.format === BUNDLE_FORMAT;
  if (b.algorithm !== CHAIN_ALGORITHM)
    return bad('bundle', `unknown algorithm ${JSON.stringify(b.algorithm)}`);
  if (b.tree !== LEAF_ALGORITHM) return bad('bundle', `unknown tree ${JSON.stringify(b.tree)}`);
  if (typeof b.caseId !== 'string' || !Array.isArray(b.events) || b.events.length === 0)
    return bad('bundle', 'bundle lacks caseId or events');
  if (!b.treeHead || typeof b.treeHead !== 'object' || typeof b.publicKey !== 'string')
    return bad('bundle', 'bundle lacks the tree head or the public key');
  const extra = unknownField(
    bundle as Record<string, unknown>,
    v4 ? BUNDLE_FIELDS : BUNDLE_FIELDS.filter((f) => f !== 'documents'),
  );
  if (extra) return bad('bundle', extra);
  if (v4 && !Array.isArray(b.documents)) return bad('bundle', 'bundle lacks the documents list');
  const headExtra = unknownField(b.treeHead as unknown as Record<string, unknown>, TREE_HEAD_FIELDS);
  if (headExtra) return bad('tree-head', headExtra);
  // The export time is the signed head's: anything else would be shown and not signed.
  if (b.exportedAt !== b.treeHead.timestamp)
    return bad('bundle', "exportedAt is not the signed tree head's timestamp");

  let bundledKey: KeyObject;
  try {
    bundledKey = loadEd25519PublicKey(b.publicKey);
  } catch {
    return bad('tree-head', 'the bundled public key is not an Ed25519 public key');
  }
  const head = b.treeHead;
  const pinned = options.publicKey !== undefined;
  if (pinned) {
    let trusted: KeyObject;
    try {
      trusted = keyOf(options.publicKey!);
    } catch {
      return bad('tree-head', 'the pinned key is not an Ed25519 public key');
    }
    if (!verifyTreeHead(head, trusted)) {
      return bad(
        'tree-head',
        `the tree head is not signed by the pinned key ${keyId(trusted)} (it names key ${String(head.keyId)})`,
      );
    }
    // The head is genuine; a bundle that carries some other key beside it is still not intact.
    if (!bundledKey.equals(trusted)) {
      return bad('tree-head', 'the bundled public key is not the pinned key that signed the tree head');
    }
  } else if (!verifyTreeHead(head, bundledKey)) {
    return bad('tree-head', 'the tree head signature does not verify with the bundled public key');
  }

  const root = fromHex(head.rootHash);
  const included = (entry: ChainLink): string | undefined => {
    const proof = (entry as Partial<BundleEntry>).inclusionProof;
    if (!Array.isArray(proof)) return 'the entry has no inclusion proof';
    const ok = verifyInclusion({
      leafHash: leafOf(entry.hash),
      index: entry.position - 1,
      treeSize: head.treeSize,
      proof: proof.map(fromHex),
      root,
    });
    return ok ? undefined : `the entry is not included in the signed tree of ${head.treeSize} entries`;
  };
  const result = verifyChain(b.events, b.caseId, {
    shape: entryShapeProblem,
    sound: (entry) => shownFieldProblem(entry as ChainLink & Record<string, unknown>) ?? included(entry),
  });
  // The documents list shows what the verified entries attach and sign for, nothing else.
  if (result.valid && v4 && !sameJson(documentManifest(b.events), b.documents)) {
    return {
      ...bad('bundle', 'the documents list is not what the chained events attach and receive'),
      checked: result.checked,
      keyId: head.keyId,
      keyPinned: pinned,
      treeSize: head.treeSize,
    };
  }
  return {
    ...result,
    ...(result.valid ? {} : { failed: 'entry' as const }),
    keyId: head.keyId,
    keyPinned: pinned,
    treeSize: head.treeSize,
  };
}
