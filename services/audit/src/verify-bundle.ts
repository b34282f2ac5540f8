import type { KeyObject } from 'node:crypto';
import { BUNDLE_FIELDS, entryShapeProblem, shownFieldProblem } from './bundle-shape.ts';
import { canonicalJson } from './canonical-json.ts';
import { type CHAIN_ALGORITHM, type ChainLink, type Verification, verifyChain } from './chain.ts';
import { documentManifest, type ReferralDocuments } from './document-manifest.ts';
import type { TimelineEntry } from './ledger-entry.ts';
import { type LEAF_ALGORITHM, leafOf } from './ledger-tree.ts';
import { fromHex, type SignedTreeHead, verifyInclusion } from './merkle/index.ts';
import { checkEnvelope, envelopeFailure } from './signed-head-check.ts';
import { LEDGER_BUNDLE_FORMAT, verifyLedgerBundle, verifyWholeLedger } from './verify-ledger.ts';

/**
 * v4: v3 and `documents`, the documents of the case's referrals with their SHA-256
 * (document-manifest.ts), derived from the chained events and checked by deriving it again.
 * v3: every field is checked (bundle-shape.ts), unknown ones refused, and `exportedAt` is the signed
 * head's timestamp; still read (it has no `documents`). A v2 file is refused: its shown fields and
 * export time were never covered; the ledger exports the case again.
 */
export const BUNDLE_FORMAT = 'landcase-audit-bundle-v4';
const FORMAT_V3 = 'landcase-audit-bundle-v3';
const V3_FIELDS = BUNDLE_FIELDS.filter((field) => field !== 'documents');

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
  /**
   * True when the file was checked as the whole ledger (every position up to the head): the Merkle
   * root recomputed once over all its leaves instead of a proof checked per entry.
   */
  wholeLedger?: boolean;
  /** With wholeLedger: how many chains (cases, access logs) the entries form. */
  chains?: number;
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

/**
 * Checks an exported case offline, needing nothing but the bundle (and, better, a pinned key): the
 * bundle's and the head's fields, the head's Ed25519 signature, then in chain order each entry's
 * fields and their types, its hash recomputed from its content and its predecessor, the fields it
 * shows derived again from hashed ones, and its inclusion in the signed tree. Reports the first
 * entry that fails, by ledger position, naming the field where one is to blame. Pure; never throws,
 * whatever the file holds.
 *
 * A file that holds the whole ledger — a ledger bundle (verify-ledger.ts), or a case bundle whose
 * entries are every position up to the head and carry no proofs — is checked by recomputing the
 * Merkle root once over all its leaves; a bundle of one case among others by a proof per entry.
 *
 * Without a pinned key the bundle proves only that its entries belong to a tree its own key
 * signed; `keyId` is returned so the caller can compare it with the key the ledger publishes.
 */
export function verifyBundle(bundle: unknown, options: VerifyBundleOptions = {}): BundleVerification {
  if (
    bundle &&
    typeof bundle === 'object' &&
    (bundle as { format?: unknown }).format === LEDGER_BUNDLE_FORMAT
  ) {
    const result = verifyLedgerBundle(bundle, options.publicKey);
    return result.checked > 0 ? { ...result, wholeLedger: true } : result;
  }
  // A v3 file (before the documents list) is still read; a v4 file must carry the list.
  const v3 =
    bundle !== null && typeof bundle === 'object' && (bundle as { format?: unknown }).format === FORMAT_V3;
  const checked = v3
    ? checkEnvelope(bundle, FORMAT_V3, V3_FIELDS, options.publicKey, true)
    : checkEnvelope(bundle, BUNDLE_FORMAT, BUNDLE_FIELDS, options.publicKey, true);
  if ('valid' in checked) return checked;
  const { head, pinned } = checked;
  const b = bundle as AuditBundle;
  const signed = { keyId: head.keyId, keyPinned: pinned, treeSize: head.treeSize };
  if (!v3 && !Array.isArray(b.documents)) return envelopeFailure('bundle', 'bundle lacks the documents list');
  // The documents list shows what the verified entries attach and sign for, nothing else.
  const documentsDiffer = () => !v3 && !sameJson(documentManifest(b.events), b.documents);
  const documentsFailure = (checkedEntries: number): BundleVerification => ({
    ...envelopeFailure('bundle', 'the documents list is not what the chained events attach and receive'),
    checked: checkedEntries,
    ...signed,
  });

  const whole =
    b.events.length === head.treeSize &&
    b.events.every(
      (e, i) => e !== null && typeof e === 'object' && e.position === i + 1 && e.inclusionProof === null,
    );
  if (whole) {
    const result = verifyWholeLedger(b.events, head, { ledger: false, caseId: b.caseId });
    if (result.valid && documentsDiffer()) return { ...documentsFailure(result.checked), wholeLedger: true };
    return {
      ...result,
      ...(result.valid ? {} : { failed: 'entry' as const }),
      wholeLedger: true,
      ...signed,
    };
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
  if (result.valid && documentsDiffer()) return documentsFailure(result.checked);
  return { ...result, ...(result.valid ? {} : { failed: 'entry' as const }), ...signed };
}
