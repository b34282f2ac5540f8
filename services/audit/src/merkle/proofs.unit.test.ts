import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './hex.ts';
import { consistencyProof, inclusionProof, verifyConsistency, verifyInclusion } from './proofs.ts';
import { CONSISTENCY_PROOFS, INCLUSION_PROOFS, LEAF_INPUTS, ROOT_HASHES } from './rfc6962-vectors.ts';
import { emptyRoot, leafHash, nodeHash, rootFromLeafHashes } from './tree-hash.ts';

const kat = LEAF_INPUTS.map((l) => leafHash(fromHex(l)));
const katRoot = (size: number) => fromHex(ROOT_HASHES[size]!);

/** Leaf hashes of a tree of n distinct entries. */
function tree(n: number, tag = 'entry'): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`${tag}-${i}`)));
}

function flipBit(proof: readonly Uint8Array[], element: number, bit: number): Uint8Array[] {
  return proof.map((p, i) => {
    if (i !== element) return p;
    const copy = p.slice();
    copy[bit >> 3]! ^= 1 << (bit & 7);
    return copy;
  });
}

const SOME_HASH = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456');

describe('inclusion proofs: RFC 6962 known answers', () => {
  it.each(INCLUSION_PROOFS)('leaf $index of $treeSize', ({ index, treeSize, proof }) => {
    const leaves = kat.slice(0, treeSize);
    expect(inclusionProof(leaves, index).map(toHex)).toEqual(proof);
    const claim = {
      leafHash: kat[index]!,
      index,
      treeSize,
      proof: proof.map(fromHex),
      root: katRoot(treeSize),
    };
    expect(verifyInclusion(claim)).toBe(true);

    // The corruptions the reference verifier rejects for these vectors.
    const p = claim.proof;
    const probes = [
      { ...claim, index: index - 1 },
      { ...claim, index: index + 1 },
      { ...claim, index: index ^ 2 },
      { ...claim, treeSize: treeSize * 2 },
      { ...claim, treeSize: Math.floor(treeSize / 2) },
      { ...claim, leafHash: new TextEncoder().encode('WrongLeaf') },
      { ...claim, leafHash: SOME_HASH },
      { ...claim, root: emptyRoot() },
      { ...claim, root: SOME_HASH },
      { ...claim, proof: [...p, new Uint8Array()] },
      { ...claim, proof: [...p, claim.root] },
      { ...claim, proof: [new Uint8Array(), ...p] },
      { ...claim, proof: [claim.root, ...p] },
      ...p.map((_, i) => ({ ...claim, proof: flipBit(p, i, 3) })),
      ...(p.length > 0 ? [{ ...claim, proof: p.slice(0, -1) }] : []),
      ...(p.length > 1 ? [{ ...claim, proof: [p[0]!, SOME_HASH, ...p.slice(1)] }] : []),
    ];
    for (const probe of probes) expect(verifyInclusion(probe), JSON.stringify(probe.index)).toBe(false);
  });
});

describe('consistency proofs: RFC 6962 known answers', () => {
  it.each(CONSISTENCY_PROOFS)('$oldSize to $newSize', ({ oldSize, newSize, proof }) => {
    expect(consistencyProof(kat.slice(0, newSize), oldSize).map(toHex)).toEqual(proof);
    const claim = {
      oldSize,
      newSize,
      oldRoot: katRoot(oldSize),
      newRoot: katRoot(newSize),
      proof: proof.map(fromHex),
    };
    expect(verifyConsistency(claim)).toBe(true);
    if (proof.length === 0) return;

    const p = claim.proof;
    const wrongRoot = new TextEncoder().encode('WrongRoot');
    const probes = [
      { ...claim, oldSize: oldSize - 1 },
      { ...claim, oldSize: oldSize + 1 },
      { ...claim, oldSize: oldSize ^ 2 },
      { ...claim, newSize: newSize * 2 },
      { ...claim, newSize: Math.floor(newSize / 2) },
      { ...claim, oldRoot: wrongRoot },
      { ...claim, newRoot: wrongRoot },
      { ...claim, oldRoot: claim.newRoot, newRoot: claim.oldRoot },
      { ...claim, proof: [] },
      { ...claim, proof: [...p, new Uint8Array()] },
      { ...claim, proof: [...p, claim.oldRoot] },
      { ...claim, proof: [...p, claim.newRoot] },
      { ...claim, proof: [new Uint8Array(), ...p] },
      { ...claim, proof: [claim.oldRoot, ...p] },
      { ...claim, proof: [claim.newRoot, ...p] },
      { ...claim, proof: [p[0]!, ...p] },
      { ...claim, proof: p.slice(0, -1) },
      ...p.map((_, i) => ({ ...claim, proof: flipBit(p, i, 4) })),
    ];
    for (const probe of probes) expect(verifyConsistency(probe)).toBe(false);
  });
});

describe('consistency edge cases', () => {
  const leaves = tree(5);
  const root5 = rootFromLeafHashes(leaves);

  it('any tree extends the empty tree, proven by an empty proof from the empty root', () => {
    expect(consistencyProof(leaves, 0)).toEqual([]);
    expect(
      verifyConsistency({ oldSize: 0, newSize: 5, oldRoot: emptyRoot(), newRoot: root5, proof: [] }),
    ).toBe(true);
    expect(
      verifyConsistency({ oldSize: 0, newSize: 0, oldRoot: emptyRoot(), newRoot: emptyRoot(), proof: [] }),
    ).toBe(true);
  });

  it('an old size of 0 needs the empty root and an empty proof', () => {
    expect(verifyConsistency({ oldSize: 0, newSize: 5, oldRoot: root5, newRoot: root5, proof: [] })).toBe(
      false,
    );
    expect(
      verifyConsistency({
        oldSize: 0,
        newSize: 5,
        oldRoot: emptyRoot(),
        newRoot: root5,
        proof: [emptyRoot()],
      }),
    ).toBe(false);
    expect(
      verifyConsistency({ oldSize: 0, newSize: 0, oldRoot: emptyRoot(), newRoot: root5, proof: [] }),
    ).toBe(false);
  });

  it('equal sizes need equal roots and an empty proof', () => {
    expect(consistencyProof(leaves, 5)).toEqual([]);
    expect(verifyConsistency({ oldSize: 5, newSize: 5, oldRoot: root5, newRoot: root5, proof: [] })).toBe(
      true,
    );
    expect(verifyConsistency({ oldSize: 5, newSize: 5, oldRoot: root5, newRoot: SOME_HASH, proof: [] })).toBe(
      false,
    );
    expect(
      verifyConsistency({ oldSize: 5, newSize: 5, oldRoot: root5, newRoot: root5, proof: [root5] }),
    ).toBe(false);
  });

  it('a tree cannot shrink', () => {
    const root4 = rootFromLeafHashes(leaves.slice(0, 4));
    expect(verifyConsistency({ oldSize: 5, newSize: 4, oldRoot: root5, newRoot: root4, proof: [] })).toBe(
      false,
    );
    expect(
      verifyConsistency({
        oldSize: 5,
        newSize: 4,
        oldRoot: root5,
        newRoot: root4,
        proof: consistencyProof(leaves, 4),
      }),
    ).toBe(false);
  });
});

describe('proof generation rejects positions outside the tree', () => {
  it.each([-1, 3, 1.5, Number.NaN])('inclusion index %s in a tree of 3', (index) => {
    expect(() => inclusionProof(tree(3), index)).toThrow(RangeError);
  });

  it.each([-1, 4, 0.5])('consistency old size %s in a tree of 3', (oldSize) => {
    expect(() => consistencyProof(tree(3), oldSize)).toThrow(RangeError);
  });

  it('has no inclusion proof in the empty tree', () => {
    expect(() => inclusionProof([], 0)).toThrow(RangeError);
  });
});

describe('round trips over every tree of 1..40 leaves', () => {
  const MAX = 40;
  const leaves = tree(MAX);
  const roots = Array.from({ length: MAX + 1 }, (_, n) => rootFromLeafHashes(leaves.slice(0, n)));

  it('proves and verifies every leaf of every tree', () => {
    let checked = 0;
    for (let n = 1; n <= MAX; n++) {
      const prefix = leaves.slice(0, n);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(prefix, i);
        expect(verifyInclusion({ leafHash: leaves[i]!, index: i, treeSize: n, proof, root: roots[n]! })).toBe(
          true,
        );
        checked++;
      }
    }
    expect(checked).toBe((MAX * (MAX + 1)) / 2);
  });

  it('proves and verifies consistency for every pair of sizes', () => {
    let checked = 0;
    for (let n = 0; n <= MAX; n++) {
      const prefix = leaves.slice(0, n);
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(prefix, m);
        const claim = { oldSize: m, newSize: n, oldRoot: roots[m]!, newRoot: roots[n]!, proof };
        expect(verifyConsistency(claim), `${m} -> ${n}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(((MAX + 1) * (MAX + 2)) / 2);
  });
});

/** A tree of 1..64 distinct leaves and a position in it. */
const treeAndIndex = fc
  .integer({ min: 1, max: 64 })
  .chain((n) => fc.record({ n: fc.constant(n), index: fc.integer({ min: 0, max: n - 1 }) }));

/** Sizes 1 <= oldSize < newSize <= 64, so the proof is not empty. */
const sizePair = fc
  .integer({ min: 2, max: 64 })
  .chain((n) => fc.record({ newSize: fc.constant(n), oldSize: fc.integer({ min: 1, max: n - 1 }) }));

describe('inclusion verification fails on any tampering (properties)', () => {
  const leaves = tree(64);
  const rootOf = (n: number) => rootFromLeafHashes(leaves.slice(0, n));

  function claimFor(n: number, index: number) {
    const prefix = leaves.slice(0, n);
    return {
      leafHash: leaves[index]!,
      index,
      treeSize: n,
      proof: inclusionProof(prefix, index),
      root: rootOf(n),
    };
  }

  it('a flipped bit in any proof element', () => {
    fc.assert(
      fc.property(
        treeAndIndex.filter(({ n }) => n > 1),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        ({ n, index }, element, bit) => {
          const claim = claimFor(n, index);
          const proof = flipBit(claim.proof, element % claim.proof.length, bit);
          expect(verifyInclusion({ ...claim, proof })).toBe(false);
        },
      ),
    );
  });

  it('a wrong index', () => {
    fc.assert(
      fc.property(
        treeAndIndex.filter(({ n }) => n > 1),
        fc.nat(),
        ({ n, index }, other) => {
          const wrong = (index + 1 + (other % (n - 1))) % n;
          expect(verifyInclusion({ ...claimFor(n, index), index: wrong })).toBe(false);
        },
      ),
    );
  });

  it("a wrong size, with that size's own root", () => {
    fc.assert(
      fc.property(treeAndIndex, fc.integer({ min: 1, max: 64 }), ({ n, index }, m) => {
        fc.pre(m !== n);
        expect(verifyInclusion({ ...claimFor(n, index), treeSize: m, root: rootOf(m) })).toBe(false);
      }),
    );
  });

  it('a different leaf in place of the proven one', () => {
    fc.assert(
      fc.property(treeAndIndex, fc.uint8Array({ maxLength: 64 }), ({ n, index }, data) => {
        const other = leafHash(data);
        fc.pre(toHex(other) !== toHex(leaves[index]!));
        expect(verifyInclusion({ ...claimFor(n, index), leafHash: other })).toBe(false);
      }),
    );
  });

  it('two leaves swapped in the tree', () => {
    fc.assert(
      fc.property(
        treeAndIndex.filter(({ n }) => n > 1),
        fc.nat(),
        ({ n, index }, other) => {
          const j = (index + 1 + (other % (n - 1))) % n;
          const swapped = leaves.slice(0, n);
          [swapped[index], swapped[j]] = [swapped[j]!, swapped[index]!];
          // The original proof does not verify against the reordered tree, nor does the leaf's old
          // position in a proof from the reordered tree verify against the original.
          expect(verifyInclusion({ ...claimFor(n, index), root: rootFromLeafHashes(swapped) })).toBe(false);
          const proof = inclusionProof(swapped, index);
          expect(verifyInclusion({ ...claimFor(n, index), proof })).toBe(false);
        },
      ),
    );
  });
});

describe('consistency verification fails on any tampering (properties)', () => {
  const leaves = tree(64);
  const rootOf = (n: number) => rootFromLeafHashes(leaves.slice(0, n));

  function claimFor(oldSize: number, newSize: number) {
    const proof = consistencyProof(leaves.slice(0, newSize), oldSize);
    return { oldSize, newSize, oldRoot: rootOf(oldSize), newRoot: rootOf(newSize), proof };
  }

  it('a flipped bit in any proof element', () => {
    fc.assert(
      fc.property(
        sizePair,
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        ({ oldSize, newSize }, element, bit) => {
          const claim = claimFor(oldSize, newSize);
          const proof = flipBit(claim.proof, element % claim.proof.length, bit);
          expect(verifyConsistency({ ...claim, proof })).toBe(false);
        },
      ),
    );
  });

  it("a wrong old or new size, with that size's own root", () => {
    fc.assert(
      fc.property(sizePair, fc.integer({ min: 1, max: 64 }), fc.boolean(), ({ oldSize, newSize }, m, old) => {
        const claim = claimFor(oldSize, newSize);
        if (old) {
          fc.pre(m !== oldSize);
          expect(verifyConsistency({ ...claim, oldSize: m, oldRoot: rootOf(m) })).toBe(false);
        } else {
          fc.pre(m !== newSize);
          expect(verifyConsistency({ ...claim, newSize: m, newRoot: rootOf(m) })).toBe(false);
        }
      }),
    );
  });

  it('a leaf of the old tree changed in the new one', () => {
    fc.assert(
      fc.property(sizePair, fc.nat(), ({ oldSize, newSize }, k) => {
        const rewritten = leaves.slice(0, newSize);
        rewritten[k % oldSize] = leafHash(new TextEncoder().encode('rewritten history'));
        const proof = consistencyProof(rewritten, oldSize);
        const claim = {
          oldSize,
          newSize,
          oldRoot: rootOf(oldSize),
          newRoot: rootFromLeafHashes(rewritten),
          proof,
        };
        expect(verifyConsistency(claim)).toBe(false);
      }),
    );
  });
});

describe('forged proofs', () => {
  const leaves = tree(4);
  const root = rootFromLeafHashes(leaves);

  it('an interior node presented as a leaf does not verify (leaf and node hashes are domain-separated)', () => {
    // Without the 0x00/0x01 prefixes, the pair (h0, h1) could pose as one leaf of a 2-leaf tree whose
    // other leaf is the node over (h2, h3). With them, the pair's bytes hash to a different leaf.
    const forgedLeaf = leafHash(new Uint8Array([...leaves[0]!, ...leaves[1]!]));
    const proof = [nodeHash(leaves[2]!, leaves[3]!)];
    expect(verifyInclusion({ leafHash: forgedLeaf, index: 0, treeSize: 2, proof, root })).toBe(false);
    const withPrefix = leafHash(new Uint8Array([0x01, ...leaves[0]!, ...leaves[1]!]));
    expect(verifyInclusion({ leafHash: withPrefix, index: 0, treeSize: 2, proof, root })).toBe(false);
  });

  it('a proof built over a tree with the forged entry put in does not verify against the real root', () => {
    const forged = leafHash(new TextEncoder().encode('never logged'));
    const doctored = [leaves[0]!, forged, leaves[2]!, leaves[3]!];
    const proof = inclusionProof(doctored, 1);
    expect(verifyInclusion({ leafHash: forged, index: 1, treeSize: 4, proof, root })).toBe(false);
    // ...while the same proof does verify the doctored tree, so the check above is not vacuous.
    expect(
      verifyInclusion({ leafHash: forged, index: 1, treeSize: 4, proof, root: rootFromLeafHashes(doctored) }),
    ).toBe(true);
  });

  it('a proof padded past the root, with a root that accounts for the padding, does not verify', () => {
    // Once the path reaches the root, any further element would wrap the root in a bigger tree that the
    // claimed size does not have.
    const extra = leafHash(new TextEncoder().encode('padding'));
    const proof = inclusionProof(leaves, 2);
    const padded = { leafHash: leaves[2]!, index: 2, treeSize: 4, proof: [...proof, extra] };
    expect(verifyInclusion({ ...padded, root: nodeHash(extra, root) })).toBe(false);
    expect(
      verifyInclusion({
        leafHash: leaves[0]!,
        index: 0,
        treeSize: 1,
        proof: [extra],
        root: nodeHash(extra, leaves[0]!),
      }),
    ).toBe(false);

    // The old size is not a power of two, so the old root is not put back in front of the path and the
    // padded proof hashes both roots one level further.
    const root3 = rootFromLeafHashes(leaves.slice(0, 3));
    const consistency = consistencyProof(leaves, 3);
    const claim = { oldSize: 3, newSize: 4, oldRoot: root3, newRoot: root, proof: consistency };
    expect(verifyConsistency(claim)).toBe(true);
    expect(
      verifyConsistency({
        ...claim,
        oldRoot: nodeHash(extra, root3),
        newRoot: nodeHash(extra, root),
        proof: [...consistency, extra],
      }),
    ).toBe(false);
  });

  it('random proofs of the right shape do not verify', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 2, maxLength: 2 }),
        (proof) => {
          const forged = leafHash(new TextEncoder().encode('never logged'));
          expect(verifyInclusion({ leafHash: forged, index: 1, treeSize: 4, proof, root })).toBe(false);
        },
      ),
    );
  });
});

describe('verifiers return false instead of throwing on malformed input', () => {
  const leaves = tree(3);
  const root = rootFromLeafHashes(leaves);
  const good = { leafHash: leaves[1]!, index: 1, treeSize: 3, proof: inclusionProof(leaves, 1), root };

  it.each([
    ['a short leaf hash', { leafHash: new Uint8Array(31) }],
    ['a short root', { root: new Uint8Array(33) }],
    ['a proof that is not an array', { proof: 'nope' }],
    ['a proof element that is not bytes', { proof: ['00'.repeat(32), good.proof[1]] }],
    ['a fractional index', { index: 1.5 }],
    ['a negative index', { index: -1 }],
    ['an index at the size', { index: 3 }],
    ['an unsafe size', { treeSize: 2 ** 60 }],
    ['a size given as a string', { treeSize: '3' }],
    ['a zero size', { treeSize: 0, index: 0 }],
  ])('inclusion: %s', (_, change) => {
    expect(verifyInclusion(good)).toBe(true);
    expect(verifyInclusion({ ...good, ...change } as never)).toBe(false);
  });

  it('inclusion: null and arbitrary values', () => {
    expect(verifyInclusion(null as never)).toBe(false);
    fc.assert(fc.property(fc.anything(), (x) => verifyInclusion(x as never) === false));
  });

  it('consistency: null, arbitrary values and unsafe sizes', () => {
    expect(verifyConsistency(null as never)).toBe(false);
    fc.assert(fc.property(fc.anything(), (x) => verifyConsistency(x as never) === false));
    const big = { oldSize: 1, newSize: 2 ** 60, oldRoot: leaves[0]!, newRoot: root, proof: [leaves[1]!] };
    expect(verifyConsistency(big)).toBe(false);
  });
});
