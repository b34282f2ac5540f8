import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT_HEX,
  fromHex,
  inclusionProof,
  leafHash,
  rootFromLeafHashes,
  toHex,
  verifyConsistency,
  verifyInclusion,
} from './merkle/index.ts';
import { INCLUSION_PROOFS, LEAF_INPUTS, ROOT_HASHES } from './merkle/rfc6962-vectors.ts';
import { MerkleLog } from './merkle-log.ts';

const leaves = (n: number) =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`entry-${i}`)));

function logOf(hashes: Uint8Array[]): MerkleLog {
  const log = new MerkleLog();
  for (const h of hashes) log.append(h);
  return log;
}

const hex = (list: Uint8Array[]) => list.map(toHex);

describe('the cached Merkle log', () => {
  it('gives the RFC 6962 known answers', () => {
    const log = logOf(LEAF_INPUTS.map((l) => leafHash(fromHex(l))));
    for (const [size, root] of Object.entries(ROOT_HASHES)) expect(toHex(log.root(Number(size)))).toBe(root);
    for (const { index, treeSize, proof } of INCLUSION_PROOFS) {
      expect(hex(log.inclusionProof(index, treeSize))).toEqual(proof);
    }
    expect(toHex(new MerkleLog().root())).toBe(EMPTY_ROOT_HEX);
  });

  it('agrees with the reference module on every root, inclusion and consistency proof up to 70 leaves', () => {
    const all = leaves(70);
    const log = logOf(all);
    for (let size = 1; size <= all.length; size++) {
      const prefix = all.slice(0, size);
      expect(toHex(log.root(size))).toBe(toHex(rootFromLeafHashes(prefix)));
      for (let i = 0; i < size; i++)
        expect(hex(log.inclusionProof(i, size))).toEqual(hex(inclusionProof(prefix, i)));
      for (let old = 0; old <= size; old++) {
        expect(hex(log.consistencyProof(old, size))).toEqual(hex(consistencyProof(prefix, old)));
      }
    }
  });

  it('proves what the module verifies, for any size, leaf and older size', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 600 })
          .chain((size) =>
            fc.tuple(fc.constant(size), fc.nat({ max: size - 1 }), fc.integer({ min: 1, max: size })),
          ),
        ([size, index, old]) => {
          const log = logOf(leaves(size));
          const root = log.root();
          expect(
            verifyInclusion({
              leafHash: log.leaf(index),
              index,
              treeSize: size,
              proof: log.inclusionProof(index),
              root,
            }),
          ).toBe(true);
          expect(
            verifyConsistency({
              oldSize: old,
              newSize: size,
              oldRoot: log.root(old),
              newRoot: root,
              proof: log.consistencyProof(old),
            }),
          ).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses sizes and indices outside the tree', () => {
    const log = logOf(leaves(5));
    expect(() => log.inclusionProof(5)).toThrow(RangeError);
    expect(() => log.root(6)).toThrow(RangeError);
    expect(() => log.consistencyProof(4, 6)).toThrow(RangeError);
    expect(() => log.append(new Uint8Array(31))).toThrow(TypeError);
  });

  it('hands out copies, so a caller cannot change the tree', () => {
    const log = logOf(leaves(4));
    const before = toHex(log.root());
    log.root().fill(0);
    log.inclusionProof(1)[0]!.fill(0);
    log.leaf(2).fill(0);
    expect(toHex(log.root())).toBe(before);
  });
});
