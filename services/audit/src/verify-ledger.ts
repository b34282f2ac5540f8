import type { KeyObject } from 'node:crypto';
import { entryShapeProblem, LEDGER_BUNDLE_FIELDS, shownFieldProblem } from './bundle-shape.ts';
import { CHAIN_ALGORITHM, type ChainLink, GENESIS_HASH, linkProblem, type Verification } from './chain.ts';
import type { TimelineEntry } from './ledger-entry.ts';
import { LEAF_ALGORITHM } from './ledger-tree.ts';
import { MerkleRootBuilder, type SignedTreeHead, toHex } from './merkle/index.ts';
import { checkEnvelope, type EnvelopeFailure } from './signed-head-check.ts';

// The whole ledger verified at once: every position from 1 to the signed head's size, in order,
// each case's chain recomputed as its entries come by, and the Merkle root recomputed once over
// all the leaves and compared with the signed head's. That is O(n) hashes (about three per entry:
// the chain link, the leaf, a tree node) where a proof per entry costs ~log2(n) node hashes each.
// A bundle of one case among others still needs its inclusion proofs (verify-bundle.ts).

/** A file holding the whole ledger up to its signed head; `landcase verify` reads it as well. */
export const LEDGER_BUNDLE_FORMAT = 'landcase-ledger-bundle-v1';

export interface LedgerBundle {
  format: typeof LEDGER_BUNDLE_FORMAT;
  exportedAt: string;
  algorithm: typeof CHAIN_ALGORITHM;
  tree: typeof LEAF_ALGORITHM;
  treeHead: SignedTreeHead;
  /** SPKI PEM of the key that signed the tree head. */
  publicKey: string;
  /** Every entry of the ledger, positions 1 to treeHead.treeSize in order, no inclusion proofs. */
  events: TimelineEntry[];
}

/** The ledger bundle of `entries` (positions 1 to the head's size) under `treeHead`. */
export function ledgerBundleOf(
  entries: readonly TimelineEntry[],
  treeHead: SignedTreeHead,
  publicKey: string,
): LedgerBundle {
  return {
    format: LEDGER_BUNDLE_FORMAT,
    exportedAt: treeHead.timestamp,
    algorithm: CHAIN_ALGORITHM,
    tree: LEAF_ALGORITHM,
    treeHead,
    publicKey,
    events: [...entries],
  };
}

export interface WholeLedgerVerification extends Verification {
  /** How many chains (cases, access logs) the entries form. */
  chains?: number;
}

export interface WholeLedgerOptions {
  /** Entries of a ledger bundle (no inclusion proofs); false: a case bundle's. Default true. */
  ledger?: boolean;
  /** Every entry must belong to this case (a case bundle that happens to hold the whole ledger). */
  caseId?: string;
}

interface ChainState {
  count: number;
  prevHash: string;
  lastPosition: number;
}

/**
 * The whole-ledger check fed one entry at a time, in position order from 1 (so a reader can page
 * through a ledger of any length): each entry's fields (`ledger`: no inclusion proof), its link in
 * its case's chain and the fields it shows derived again; then `finish` compares the Merkle root of
 * all their leaves with the head's. Never throws.
 */
export class WholeLedgerCheck {
  readonly #chains = new Map<string, ChainState>();
  readonly #builder = new MerkleRootBuilder();
  readonly #ledger: boolean;
  readonly #onlyCase: string | undefined;
  #count = 0;
  #failed: WholeLedgerVerification | undefined;

  constructor(options: WholeLedgerOptions = {}) {
    this.#ledger = options.ledger ?? true;
    this.#onlyCase = options.caseId;
  }

  /** Checks the next entry; what is wrong with it (and with the whole from then on), or undefined. */
  add(value: unknown): WholeLedgerVerification | undefined {
    if (this.#failed) return this.#failed;
    const entry = value as Partial<ChainLink> & Record<string, unknown>;
    const expected = this.#count + 1;
    this.#count = expected;
    let reason: string | undefined;
    try {
      reason = entryShapeProblem(entry, this.#ledger);
      if (!reason && entry.position !== expected)
        reason = `position ${String(entry.position)} where ${expected} was expected: the whole ledger holds every position once, in order`;
      if (!reason) {
        const caseId = this.#onlyCase ?? (entry.caseId as string);
        const state = this.#chains.get(caseId) ?? {
          count: 0,
          prevHash: GENESIS_HASH,
          lastPosition: Number.NEGATIVE_INFINITY,
        };
        reason =
          linkProblem(entry, state.count, state.prevHash, state.lastPosition, caseId) ??
          shownFieldProblem(entry as ChainLink & Record<string, unknown>);
        if (!reason) {
          state.count += 1;
          state.prevHash = entry.hash!;
          state.lastPosition = entry.position!;
          this.#chains.set(caseId, state);
          this.#builder.addLeafHex(entry.hash!);
        }
      }
    } catch (error) {
      reason = `entry cannot be checked: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (!reason) return undefined;
    const position = typeof entry?.position === 'number' ? entry.position : undefined;
    this.#failed = {
      valid: false,
      checked: expected,
      ...(position !== undefined ? { firstBadPosition: position } : {}),
      reason,
    };
    return this.#failed;
  }

  /** After the last entry: whether they were the whole tree of the head, root and all. */
  finish(head: { treeSize: number; rootHash: string }): WholeLedgerVerification {
    if (this.#failed) return this.#failed;
    const n = this.#count;
    if (n !== head.treeSize) {
      return {
        valid: false,
        checked: n,
        reason: `${n} entries where the signed tree holds ${head.treeSize}: the whole ledger holds every position`,
      };
    }
    if (toHex(this.#builder.root()) !== head.rootHash) {
      return {
        valid: false,
        checked: n,
        reason: `the Merkle root of the ${n} entries is not the signed tree head's: an entry was changed and its chain recomputed`,
      };
    }
    return { valid: true, checked: n, chains: this.#chains.size };
  }
}

/**
 * Checks `entries`, which must be every position from 1 to `treeSize` in order, with
 * WholeLedgerCheck. Names the first entry that fails; a root that differs although every chain
 * holds (a re-chained forgery) names none, since only the root was signed. Never throws.
 */
export function verifyWholeLedger(
  entries: readonly unknown[],
  head: { treeSize: number; rootHash: string },
  options: WholeLedgerOptions = {},
): WholeLedgerVerification {
  const check = new WholeLedgerCheck(options);
  for (const entry of entries) {
    const failed = check.add(entry);
    if (failed) return failed;
  }
  return check.finish(head);
}

export interface LedgerBundleVerification extends WholeLedgerVerification {
  failed?: 'bundle' | 'tree-head' | 'entry';
  keyId?: string;
  keyPinned?: boolean;
  treeSize?: number;
}

/**
 * Checks a ledger bundle offline: its fields, the head's signature (against `publicKey` when
 * given), then the whole ledger as verifyWholeLedger does. Pure; never throws.
 */
export function verifyLedgerBundle(
  bundle: unknown,
  publicKey?: string | KeyObject,
): LedgerBundleVerification | EnvelopeFailure {
  const checked = checkEnvelope(bundle, LEDGER_BUNDLE_FORMAT, LEDGER_BUNDLE_FIELDS, publicKey, false);
  if ('valid' in checked) return checked;
  const { head, pinned } = checked;
  const result = verifyWholeLedger((bundle as LedgerBundle).events, head);
  return {
    ...result,
    ...(result.valid ? {} : { failed: 'entry' as const }),
    keyId: head.keyId,
    keyPinned: pinned,
    treeSize: head.treeSize,
  };
}
