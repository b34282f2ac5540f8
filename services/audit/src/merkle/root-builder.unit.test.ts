import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './hex.ts';
import { LEAF_INPUTS, ROOT_HASHES } from './rfc6962-vectors.ts';
import { MerkleRootBuilder } from './root-builder.ts';
import { leafHash, rootFromLeafHashes } from './tree-hash.ts';

const chainHash = (i: number): string => createHash('sha256').update(`entry ${i}`).digest('hex');

describe('MerkleRootBuilder', () => {
  it('gives the published RFC 6962 root for every prefix of the test leaves', () => {
    ROOT_HASHES.forEach((root, size) => {
      const builder = new MerkleRootBuilder();
      for (const leaf of LEAF_INPUTS.slice(0, size)) builder.addLeafHash(leafHash(fromHex(leaf)));
      expect(toHex(builder.root()), `size ${size}`).toBe(root);
      expect(builder.size).toBe(size);
    });
  });

  it('agrees with the recursive definition for every size up to 130, from hex leaf data', () => {
    const leaves: Uint8Array[] = [];
    const builder = new MerkleRootBuilder();
    for (let size = 1; size <= 130; size++) {
      const hex = chainHash(size);
      leaves.push(leafHash(fromHex(hex)));
      builder.addLeafHex(hex);
      expect(toHex(builder.root()), `size ${size}`).toBe(toHex(rootFromLeafHashes(leaves)));
    }
  });

  it('changes its root when two leaves trade places or one leaf changes', () => {
    const hexes = Array.from({ length: 9 }, (_, i) => chainHash(i));
    const rootOf = (list: string[]) => {
      const b = new MerkleRootBuilder();
      for (const h of list) b.addLeafHex(h);
      return toHex(b.root());
    };
    const root = rootOf(hexes);
    const swapped = [...hexes];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    expect(rootOf(swapped)).not.toBe(root);
    const changed = [...hexes];
    changed[8] = chainHash(99);
    expect(rootOf(changed)).not.toBe(root);
  });

  it('refuses leaf data that is not 64 lowercase hex digits', () => {
    const builder = new MerkleRootBuilder();
    for (const bad of ['ab', 'A'.repeat(64), `${'a'.repeat(62)}zz`, 'a'.repeat(66)]) {
      expect(() => builder.addLeafHex(bad), bad).toThrow(TypeError);
    }
    expect(builder.size).toBe(0);
  });
});
