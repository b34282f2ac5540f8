import type { KeyObject } from 'node:crypto';
import { TREE_HEAD_FIELDS, unknownField } from './bundle-shape.ts';
import { CHAIN_ALGORITHM } from './chain.ts';
import { LEAF_ALGORITHM } from './ledger-tree.ts';
import {
  exportPublicKeyPem,
  keyId,
  loadEd25519PublicKey,
  type SignedTreeHead,
  verifyTreeHead,
} from './merkle/index.ts';

// What a case bundle and a ledger bundle share: the envelope around the entries (format, chain
// and leaf rules, the signed head, the bundled key, the export time) and the head's signature,
// checked once per file against the pinned key when given, else against the bundled one.

/** A file that failed before any entry was looked at. */
export interface EnvelopeFailure {
  valid: false;
  checked: 0;
  failed: 'bundle' | 'tree-head';
  reason: string;
}

export const envelopeFailure = (failed: 'bundle' | 'tree-head', reason: string): EnvelopeFailure => ({
  valid: false,
  checked: 0,
  failed,
  reason,
});

/** The head a file's entries are checked against, once its signature checked out. */
export interface CheckedHead {
  head: SignedTreeHead;
  pinned: boolean;
}

interface Envelope {
  format?: unknown;
  algorithm?: unknown;
  tree?: unknown;
  exportedAt?: unknown;
  treeHead?: unknown;
  publicKey?: unknown;
  events?: unknown;
}

/**
 * Checks the envelope of a bundle of `format` whose members may be only `fields`, and the signature
 * of its tree head; the head, or why the file fails.
 */
export function checkEnvelope(
  bundle: unknown,
  format: string,
  fields: readonly string[],
  publicKey: string | KeyObject | undefined,
  caseBundle: boolean,
): CheckedHead | EnvelopeFailure {
  if (!bundle || typeof bundle !== 'object') return envelopeFailure('bundle', 'not an audit bundle');
  const b = bundle as Envelope & { caseId?: unknown };
  if (b.format !== format)
    return envelopeFailure('bundle', `unknown bundle format ${JSON.stringify(b.format)}`);
  if (b.algorithm !== CHAIN_ALGORITHM)
    return envelopeFailure('bundle', `unknown algorithm ${JSON.stringify(b.algorithm)}`);
  if (b.tree !== LEAF_ALGORITHM) return envelopeFailure('bundle', `unknown tree ${JSON.stringify(b.tree)}`);
  if ((caseBundle && typeof b.caseId !== 'string') || !Array.isArray(b.events) || b.events.length === 0)
    return envelopeFailure('bundle', caseBundle ? 'bundle lacks caseId or events' : 'bundle lacks events');
  if (!b.treeHead || typeof b.treeHead !== 'object' || typeof b.publicKey !== 'string')
    return envelopeFailure('bundle', 'bundle lacks the tree head or the public key');
  const extra = unknownField(bundle as Record<string, unknown>, fields);
  if (extra) return envelopeFailure('bundle', extra);
  const headExtra = unknownField(b.treeHead as Record<string, unknown>, TREE_HEAD_FIELDS);
  if (headExtra) return envelopeFailure('tree-head', headExtra);
  const head = b.treeHead as SignedTreeHead;
  // The export time is the signed head's: anything else would be shown and not signed.
  if (b.exportedAt !== head.timestamp)
    return envelopeFailure('bundle', "exportedAt is not the signed tree head's timestamp");

  let bundledKey: KeyObject;
  try {
    bundledKey = loadEd25519PublicKey(b.publicKey);
  } catch {
    return envelopeFailure('tree-head', 'the bundled public key is not an Ed25519 public key');
  }
  // PEM's base64 leaves bits unused at its end, and the parser ignores them: a key written with
  // other unused bits (or other line breaks) is the same key in other bytes. The ledger writes it
  // one way only, so any other spelling is a change to the file.
  if (exportPublicKeyPem(bundledKey) !== b.publicKey)
    return envelopeFailure(
      'tree-head',
      'the bundled public key is not written as the ledger writes it (SPKI PEM)',
    );
  if (publicKey === undefined) {
    if (!verifyTreeHead(head, bundledKey))
      return envelopeFailure(
        'tree-head',
        'the tree head signature does not verify with the bundled public key',
      );
    return { head, pinned: false };
  }
  let trusted: KeyObject;
  try {
    trusted = typeof publicKey === 'string' ? loadEd25519PublicKey(publicKey) : publicKey;
  } catch {
    return envelopeFailure('tree-head', 'the pinned key is not an Ed25519 public key');
  }
  if (!verifyTreeHead(head, trusted)) {
    return envelopeFailure(
      'tree-head',
      `the tree head is not signed by the pinned key ${keyId(trusted)} (it names key ${String(head.keyId)})`,
    );
  }
  // The head is genuine; a bundle that carries some other key beside it is still not intact.
  if (!bundledKey.equals(trusted)) {
    return envelopeFailure(
      'tree-head',
      'the bundled public key is not the pinned key that signed the tree head',
    );
  }
  return { head, pinned: true };
}
