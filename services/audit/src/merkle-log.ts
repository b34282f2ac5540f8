import { emptyRoot, HASH_SIZE, nodeHash } from './merkle/index.ts';

// The ledger's Merkle tree kept in memory so that roots and proofs cost O(log² n) hashes instead
// of rehashing every leaf (the merkle module computes from a plain list of leaf hashes, which is
// the reference these results are tested against). Besides the leaf hashes it keeps, level by
// level, the root of every complete, aligned subtree ([i·2^k, (i+1)·2^k)), filled in as leaves
// arrive: about two hashes per leaf.
//
// Every subtree RFC 6962 asks for while proving starts at a multiple of a power of two at least
// as large as the subtree, so a subtree whose size is a power of two is always one stored node
// and any other splits into a stored left half and a smaller right part.

/** Hashes of one level, packed in one growing buffer (32 bytes each). */
class HashArray {
  #bytes = new Uint8Array(HASH_SIZE * 1024);
  length = 0;

  push(hash: Uint8Array): void {
    if ((this.length + 1) * HASH_SIZE > this.#bytes.length) {
      const grown = new Uint8Array(this.#bytes.length * 2);
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    this.#bytes.set(hash, this.length * HASH_SIZE);
    this.length++;
  }

  at(i: number): Uint8Array {
    return this.#bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
  }
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** The largest power of two strictly smaller than n (n >= 2): where RFC 6962 splits n leaves. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export class MerkleLog {
  /** levels[0] = leaf hashes; levels[k][i] = root of leaves [i·2^k, (i+1)·2^k). */
  readonly #levels: HashArray[] = [new HashArray()];

  get size(): number {
    return this.#levels[0]!.length;
  }

  /** Appends the hash of the next leaf (already leaf-hashed: SHA-256(0x00 || data)). */
  append(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_SIZE) throw new TypeError('a leaf hash has 32 bytes');
    this.#levels[0]!.push(leafHash);
    // Each time the new node is a right child, its parent became complete.
    for (let level = 0; this.#levels[level]!.length % 2 === 0; level++) {
      const nodes = this.#levels[level]!;
      const i = nodes.length - 2;
      const parent = nodeHash(nodes.at(i), nodes.at(i + 1));
      this.#levels[level + 1] ??= new HashArray();
      this.#levels[level + 1]!.push(parent);
    }
  }

  leaf(index: number): Uint8Array {
    this.#check(index, 0, this.size - 1);
    return this.#levels[0]!.at(index).slice();
  }

  /** Root of the tree of the first `size` leaves (the empty tree's root for 0). */
  root(size = this.size): Uint8Array {
    this.#check(size, 0, this.size);
    return size === 0 ? emptyRoot() : this.#subtree(0, size).slice();
  }

  /** RFC 6962 PATH(index, D[0:size]). */
  inclusionProof(index: number, size = this.size): Uint8Array[] {
    this.#check(size, 1, this.size);
    this.#check(index, 0, size - 1);
    return this.#path(index, 0, size).map((h) => h.slice());
  }

  /** RFC 6962 PROOF(oldSize, D[0:newSize]); empty when oldSize is 0 or newSize. */
  consistencyProof(oldSize: number, newSize = this.size): Uint8Array[] {
    this.#check(newSize, 0, this.size);
    this.#check(oldSize, 0, newSize);
    if (oldSize === 0 || oldSize === newSize) return [];
    return this.#subproof(oldSize, 0, newSize, true).map((h) => h.slice());
  }

  #check(n: number, min: number, max: number): void {
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new RangeError(`${n} is outside ${min}..${max} in a tree of ${this.size} leaves`);
    }
  }

  /** MTH(D[start:end]); start is aligned to a power of two at least end - start. */
  #subtree(start: number, end: number): Uint8Array {
    const n = end - start;
    if (isPowerOfTwo(n)) {
      const level = 31 - Math.clz32(n);
      return this.#levels[level]!.at(start / n);
    }
    const k = splitPoint(n);
    return nodeHash(this.#subtree(start, start + k), this.#subtree(start + k, end));
  }

  #path(m: number, start: number, end: number): Uint8Array[] {
    const n = end - start;
    if (n <= 1) return [];
    const k = splitPoint(n);
    if (m < k) return [...this.#path(m, start, start + k), this.#subtree(start + k, end)];
    return [...this.#path(m - k, start + k, end), this.#subtree(start, start + k)];
  }

  #subproof(m: number, start: number, end: number, complete: boolean): Uint8Array[] {
    const n = end - start;
    if (m === n) return complete ? [] : [this.#subtree(start, end)];
    const k = splitPoint(n);
    if (m <= k) return [...this.#subproof(m, start, start + k, complete), this.#subtree(start + k, end)];
    return [...this.#subproof(m - k, start + k, end, false), this.#subtree(start, start + k)];
  }
}
