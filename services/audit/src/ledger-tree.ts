import type { ReadModelStore } from '@landcase/readmodels';
import { ledgerRange, ledgerSize } from './ledger.ts';
import { fromHex, leafHash } from './merkle/index.ts';
import { MerkleLog } from './merkle-log.ts';

// The Merkle tree over ledger positions: leaf i (0-based) is the entry at position i + 1.
//
// Leaf data = the entry's chain hash (32 bytes), so the leaf hash is SHA-256(0x00 || hash). The
// chain hash already covers the canonical event and the previous hash of its case, so the leaf
// commits to the entry and to its case's whole history before it; a verifier recomputes the chain
// hash from the entry and never takes a hash from the prover. The position is committed by where
// the leaf sits in the tree (the inclusion proof's index).
//
// The tree lives in memory, one per read-model store: appends in this process offer their leaf
// directly; entries appended by another process are read from the store on the next `sync`.

export const LEAF_ALGORITHM = 'rfc6962-sha256, leaf data = the entry chain hash';

export const leafOf = (chainHash: string): Uint8Array => leafHash(fromHex(chainHash));

/** The store no longer holds a position the ledger committed (a document was removed). */
export class LedgerDamaged extends Error {
  override readonly name = 'LedgerDamaged';
  constructor(readonly position: number) {
    super(`ledger position ${position} is missing from the store although it was committed`);
  }
}

const PAGE = 5000;
const IN_FLIGHT_WAITS = 40;
const IN_FLIGHT_WAIT_MS = 50;

export class LedgerTree {
  readonly log = new MerkleLog();
  #syncing: Promise<number> = Promise.resolve(0);

  constructor(private readonly readModels: ReadModelStore) {}

  get size(): number {
    return this.log.size;
  }

  /** Takes the leaf of a just-appended entry if it is the next one; a later sync fills gaps. */
  offer(position: number, chainHash: string): void {
    if (position === this.log.size + 1) this.log.append(leafOf(chainHash));
  }

  /** Reads the leaves committed since the last sync; resolves to the tree size it reached. */
  sync(): Promise<number> {
    const run = this.#syncing.then(
      () => this.#catchUp(),
      () => this.#catchUp(),
    );
    this.#syncing = run;
    return run;
  }

  async #catchUp(): Promise<number> {
    const target = await ledgerSize(this.readModels);
    let waits = 0;
    while (this.log.size < target) {
      const from = this.log.size + 1;
      const docs = await ledgerRange(this.readModels, from, Math.min(target, from + PAGE - 1));
      const before = this.log.size;
      for (const doc of docs) {
        // An entry offered meanwhile by this process's own appends is already in.
        if (doc.position === this.log.size + 1) this.log.append(leafOf(doc.hash));
      }
      if (this.log.size > before) continue;
      // The position is committed before its entry document is copied, so the newest positions
      // may still be in flight (another process appending right now): wait for them a little.
      // A hole with later entries present, or one that stays, is damage.
      const laterPresent = docs.some((doc) => doc.position > this.log.size + 1);
      if (laterPresent || waits >= IN_FLIGHT_WAITS) throw new LedgerDamaged(this.log.size + 1);
      waits += 1;
      await new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_WAIT_MS));
    }
    return this.log.size;
  }
}

const trees = new WeakMap<ReadModelStore, LedgerTree>();

export function ledgerTreeOf(readModels: ReadModelStore): LedgerTree {
  let tree = trees.get(readModels);
  if (!tree) {
    tree = new LedgerTree(readModels);
    trees.set(readModels, tree);
  }
  return tree;
}
