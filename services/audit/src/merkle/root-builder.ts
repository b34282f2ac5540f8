import * as crypto from 'node:crypto';
import { emptyRoot, HASH_SIZE } from './tree-hash.ts';

// The RFC 6962 root of a whole tree computed once, leaf by leaf, in O(n) hashes and O(log n)
// memory: what a verifier holding every leaf does instead of one inclusion proof per leaf.
//
// The builder keeps the roots of the complete subtrees the leaves so far decompose into, largest
// first (one per bit of the leaf count); a new leaf joins equal-sized neighbours. The root of n
// leaves then folds those from the right, which is exactly MTH's split at the largest power of
// two below n, applied again to the rest.

// One-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object createHash allocates per call.
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer })
  .hash;
const sha256 = oneShot
  ? (data: Uint8Array): Uint8Array => oneShot('sha256', data, 'buffer')
  : (data: Uint8Array): Uint8Array => crypto.createHash('sha256').update(data).digest();

export class MerkleRootBuilder {
  /** Roots of complete subtrees, left to right, with their leaf counts (decreasing powers of two). */
  readonly #roots: Uint8Array[] = [];
  readonly #sizes: number[] = [];
  readonly #leaf = Buffer.alloc(1 + HASH_SIZE);
  readonly #node = Buffer.alloc(1 + 2 * HASH_SIZE);
  #count = 0;

  constructor() {
    this.#node[0] = 0x01;
  }

  get size(): number {
    return this.#count;
  }

  /** Adds the next leaf given its data as 64 hex digits (the ledger's chain hash). */
  addLeafHex(hex: string): void {
    if (this.#leaf.write(hex, 1, 'hex') !== HASH_SIZE || !/^[0-9a-f]{64}$/.test(hex))
      throw new TypeError('leaf data must be 64 lowercase hex digits');
    this.addLeafHash(sha256(this.#leaf));
  }

  /** Adds the next leaf given its leaf hash, SHA-256(0x00 || data). */
  addLeafHash(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_SIZE) throw new TypeError('a leaf hash has 32 bytes');
    let hash = leafHash;
    let size = 1;
    while (this.#sizes.length > 0 && this.#sizes[this.#sizes.length - 1] === size) {
      hash = this.#nodeHash(this.#roots.pop()!, hash);
      this.#sizes.pop();
      size *= 2;
    }
    this.#roots.push(hash);
    this.#sizes.push(size);
    this.#count += 1;
  }

  /** MTH of the leaves added so far (the empty tree's root before any). */
  root(): Uint8Array {
    if (this.#roots.length === 0) return emptyRoot();
    let root = this.#roots[this.#roots.length - 1]!;
    for (let i = this.#roots.length - 2; i >= 0; i--) root = this.#nodeHash(this.#roots[i]!, root);
    return Uint8Array.from(root);
  }

  #nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
    this.#node.set(left, 1);
    this.#node.set(right, 1 + HASH_SIZE);
    return sha256(this.#node);
  }
}
