import { emptyRoot, equalBytes, HASH_SIZE, nodeHash, splitPoint, subtreeRoot } from './tree-hash.ts';

// Inclusion (audit path) and consistency proofs. Generation follows the recursive definitions of
// RFC 6962 §2.1.1 and §2.1.2; verification follows the iterative algorithms of RFC 9162 §2.1.3.2 and
// §2.1.4.2. Proof elements are ordered from the leaf (or old subtree) up to the root.
//
// A proof does not commit to the tree size by itself (e.g. the path of leaf 0 has the same shape in
// trees of 3 and 4 leaves), so a verifier must take the size and the root together from one verified
// signed tree head.

function isIndex(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function isHash(h: unknown): h is Uint8Array {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

function isProof(p: unknown): p is readonly Uint8Array[] {
  return Array.isArray(p) && p.every(isHash);
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** PATH(m, D[start:end]) of RFC 6962 §2.1.1, m relative to start. */
function path(leafHashes: readonly Uint8Array[], m: number, start: number, end: number): Uint8Array[] {
  const n = end - start;
  if (n <= 1) return [];
  const k = splitPoint(n);
  if (m < k) return [...path(leafHashes, m, start, start + k), subtreeRoot(leafHashes, start + k, end)];
  return [...path(leafHashes, m - k, start + k, end), subtreeRoot(leafHashes, start, start + k)];
}

/**
 * Audit path for the leaf at `index` in the tree of the given leaf hashes. Throws a RangeError if
 * index is not a leaf of the tree.
 */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!isIndex(index) || index >= leafHashes.length) {
    throw new RangeError(`leaf index ${index} is outside a tree of ${leafHashes.length} leaves`);
  }
  return path(leafHashes, index, 0, leafHashes.length);
}

export interface InclusionClaim {
  leafHash: Uint8Array;
  index: number;
  treeSize: number;
  proof: readonly Uint8Array[];
  root: Uint8Array;
}

/**
 * Whether `proof` shows the leaf with hash `leafHash` at `index` in the tree of `treeSize` leaves with
 * root `root` (RFC 9162 §2.1.3.2). Returns false, never throws, on malformed input. `leafHash` must
 * be computed by the verifier from the leaf data (leafHash), never taken from the prover.
 */
export function verifyInclusion(claim: InclusionClaim): boolean {
  try {
    const { leafHash, index, treeSize, proof, root } = claim;
    if (!isHash(leafHash) || !isHash(root) || !isProof(proof)) return false;
    if (!isIndex(index) || !isIndex(treeSize) || index >= treeSize) return false;
    let fn = index;
    let sn = treeSize - 1;
    let r = leafHash;
    for (const p of proof) {
      if (sn === 0) return false;
      if (isOdd(fn) || fn === sn) {
        r = nodeHash(p, r);
        // Skip the levels where this node is the rightmost one and has no sibling.
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      } else {
        r = nodeHash(r, p);
      }
      fn = half(fn);
      sn = half(sn);
    }
    return sn === 0 && equalBytes(r, root);
  } catch {
    return false;
  }
}

/** SUBPROOF(m, D[start:end], b) of RFC 6962 §2.1.2, m relative to start. */
function subproof(
  leafHashes: readonly Uint8Array[],
  m: number,
  start: number,
  end: number,
  complete: boolean,
): Uint8Array[] {
  const n = end - start;
  if (m === n) return complete ? [] : [subtreeRoot(leafHashes, start, end)];
  const k = splitPoint(n);
  if (m <= k) {
    return [...subproof(leafHashes, m, start, start + k, complete), subtreeRoot(leafHashes, start + k, end)];
  }
  return [...subproof(leafHashes, m - k, start + k, end, false), subtreeRoot(leafHashes, start, start + k)];
}

/**
 * Proof that the tree of the first `oldSize` leaves is a prefix of the tree of all `leafHashes`.
 * Empty when oldSize is 0 or the whole tree. Throws a RangeError if oldSize exceeds the tree.
 */
export function consistencyProof(leafHashes: readonly Uint8Array[], oldSize: number): Uint8Array[] {
  if (!isIndex(oldSize) || oldSize > leafHashes.length) {
    throw new RangeError(`old size ${oldSize} is outside a tree of ${leafHashes.length} leaves`);
  }
  if (oldSize === 0) return [];
  return subproof(leafHashes, oldSize, 0, leafHashes.length, true);
}

export interface ConsistencyClaim {
  oldSize: number;
  newSize: number;
  oldRoot: Uint8Array;
  newRoot: Uint8Array;
  proof: readonly Uint8Array[];
}

/**
 * Whether `proof` shows the tree with root `oldRoot` and `oldSize` leaves to be a prefix of the tree
 * with root `newRoot` and `newSize` leaves (RFC 9162 §2.1.4.2). Returns false, never throws, on
 * malformed input. Edge cases the RFC leaves to the caller: equal sizes need an empty proof and equal
 * roots; an old size of 0 needs an empty proof and the empty-tree root as oldRoot (any tree extends
 * the empty one).
 */
export function verifyConsistency(claim: ConsistencyClaim): boolean {
  try {
    const { oldSize, newSize, oldRoot, newRoot, proof } = claim;
    if (!isHash(oldRoot) || !isHash(newRoot) || !isProof(proof)) return false;
    if (!isIndex(oldSize) || !isIndex(newSize) || oldSize > newSize) return false;
    if (oldSize === 0) {
      const empty = emptyRoot();
      return proof.length === 0 && equalBytes(oldRoot, empty) && (newSize > 0 || equalBytes(newRoot, empty));
    }
    if (oldSize === newSize) return proof.length === 0 && equalBytes(oldRoot, newRoot);
    if (proof.length === 0) return false;

    // When the old tree is complete its root is itself the first node of the path, so it is left
    // out of the proof and put back here.
    const nodes = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
    let fn = oldSize - 1;
    let sn = newSize - 1;
    while (isOdd(fn)) {
      fn = half(fn);
      sn = half(sn);
    }
    let fr = nodes[0]!;
    let sr = nodes[0]!;
    for (const c of nodes.slice(1)) {
      if (sn === 0) return false;
      if (isOdd(fn) || fn === sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn = half(fn);
      sn = half(sn);
    }
    return sn === 0 && equalBytes(fr, oldRoot) && equalBytes(sr, newRoot);
  } catch {
    return false;
  }
}
