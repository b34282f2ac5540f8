import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './hex.ts';
import { LEAF_INPUTS, NODE_HASHES, ROOT_HASHES } from './rfc6962-vectors.ts';
import { EMPTY_ROOT_HEX, emptyRoot, leafHash, nodeHash, rootFromLeafHashes, rootHash } from './tree-hash.ts';

const leaves = LEAF_INPUTS.map(fromHex);

describe('RFC 6962 tree hashing (known answers)', () => {
  it('the empty tree hashes to SHA-256 of the empty string', () => {
    expect(toHex(rootHash([]))).toBe(ROOT_HASHES[0]);
    expect(toHex(rootFromLeafHashes([]))).toBe(ROOT_HASHES[0]);
    expect(EMPTY_ROOT_HEX).toBe(createHash('sha256').digest('hex'));
    expect(toHex(emptyRoot())).toBe(EMPTY_ROOT_HEX);
  });

  it('hashes each leaf as SHA-256(0x00 || data)', () => {
    expect(leaves.map((l) => toHex(leafHash(l)))).toEqual(NODE_HASHES[0]);
  });

  it('hashes each interior node as SHA-256(0x01 || left || right)', () => {
    for (let level = 1; level < NODE_HASHES.length; level++) {
      const below = NODE_HASHES[level - 1]!.map(fromHex);
      const got = NODE_HASHES[level]!.map((_, i) => toHex(nodeHash(below[2 * i]!, below[2 * i + 1]!)));
      expect(got).toEqual(NODE_HASHES[level]);
    }
  });

  it.each(ROOT_HASHES.map((root, size) => ({ size, root })))(
    'gives the published root for the first $size leaves',
    ({ size, root }) => {
      const prefix = leaves.slice(0, size);
      expect(toHex(rootHash(prefix))).toBe(root);
      expect(toHex(rootFromLeafHashes(prefix.map(leafHash)))).toBe(root);
    },
  );

  it('hands out a copy of the empty root that callers cannot corrupt', () => {
    const first = emptyRoot();
    first.fill(0);
    expect(toHex(rootHash([]))).toBe(EMPTY_ROOT_HEX);
  });
});

describe('hex codec', () => {
  it('round-trips bytes', () => {
    const bytes = Uint8Array.of(0, 1, 0xab, 0xff);
    expect(toHex(bytes)).toBe('0001abff');
    expect(fromHex('0001ABff')).toEqual(bytes);
  });

  it('rejects odd lengths and non-hex characters instead of truncating', () => {
    expect(() => fromHex('abc')).toThrow(TypeError);
    expect(() => fromHex('zz')).toThrow(TypeError);
    expect(() => fromHex('00zz')).toThrow(TypeError);
  });
});
