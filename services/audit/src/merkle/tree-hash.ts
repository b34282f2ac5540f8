import { createHash } from 'node:crypto';

// Merkle Tree Hash (MTH) of RFC 6962 §2.1 / RFC 9162 §2.1.1 with SHA-256. Leaves and interior nodes
// are hashed with different one-byte prefixes so that no leaf can be passed off as an interior node
// (the second-preimage attack on plain Merkle trees).

/** Size in bytes of every hash in the tree. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  const d = h.digest();
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** Root of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const EMPTY_ROOT = sha256();

/** A fresh copy each time, so no caller can alter the shared value. */
export function emptyRoot(): Uint8Array {
  return EMPTY_ROOT.slice();
}

/** SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, data);
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** The largest power of two strictly smaller than n (n >= 2): where MTH splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes [start, end); end > start. Recursion depth is log2 of the range. */
export function subtreeRoot(leafHashes: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const n = end - start;
  if (n === 1) return leafHashes[start]!;
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(leafHashes, start, start + k), subtreeRoot(leafHashes, start + k, end));
}

/** MTH of a tree given its leaf hashes, so a ledger can keep hashes instead of the entries. */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return emptyRoot();
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

/** MTH of a tree given its leaf data. */
export function rootHash(leaves: readonly Uint8Array[]): Uint8Array {
  return rootFromLeafHashes(leaves.map(leafHash));
}

/** Constant-length byte equality; false for differing lengths. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
