import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './hex.ts';
import { EMPTY_ROOT_HEX, leafHash, rootFromLeafHashes } from './tree-hash.ts';
import {
  exportPublicKeyPem,
  isRfc3339,
  keyId,
  loadEd25519KeyPair,
  loadEd25519PublicKey,
  type SignedTreeHead,
  signTreeHead,
  type TreeHead,
  treeHeadBytes,
  verifyTreeHead,
} from './tree-head.ts';

const ledger = ['filed', 'inspected', 'decided'].map((e) => leafHash(new TextEncoder().encode(e)));
const head: TreeHead = {
  treeSize: 3,
  rootHash: toHex(rootFromLeafHashes(ledger)),
  timestamp: '2025-03-01T08:00:00.000Z',
};
const signer = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

describe('tree head encoding', () => {
  it('signs a fixed ASCII text with no trailing newline', () => {
    const text = new TextDecoder().decode(treeHeadBytes(head));
    expect(text).toBe(`landcase-sth-v1\n3\n${head.rootHash}\n2025-03-01T08:00:00.000Z`);
  });

  it.each<[string, Partial<TreeHead>]>([
    ['a negative size', { treeSize: -1 }],
    ['a fractional size', { treeSize: 1.5 }],
    ['an unsafe size', { treeSize: 2 ** 53 }],
    ['an upper-case root', { rootHash: head.rootHash.toUpperCase() }],
    ['a short root', { rootHash: head.rootHash.slice(2) }],
    ['a root with a newline', { rootHash: `${head.rootHash.slice(1)}\n` }],
    ['an empty tree with a non-empty root', { treeSize: 0 }],
    ['a date without time', { timestamp: '2025-03-01' }],
    ['a timestamp without zone', { timestamp: '2025-03-01T08:00:00' }],
    ['a day that does not exist', { timestamp: '2025-02-29T08:00:00Z' }],
    ['a timestamp with a newline', { timestamp: '2025-03-01T08:00:00Z\n' }],
  ])('refuses to encode %s', (_, change) => {
    expect(() => treeHeadBytes({ ...head, ...change })).toThrow(TypeError);
    expect(() => signTreeHead({ ...head, ...change }, signer.privateKey)).toThrow(TypeError);
  });

  it.each([
    '2025-03-01T08:00:00Z',
    '2024-02-29T23:59:59.123456789Z',
    '2025-03-01T16:00:00+08:00',
    '2025-03-01T00:00:00-05:30',
  ])('accepts the RFC 3339 date-time %s', (ts) => {
    expect(isRfc3339(ts)).toBe(true);
  });

  it.each([
    '2025-13-01T00:00:00Z',
    '2025-03-01T24:00:00Z',
    '2025-03-01T08:00:60Z',
    '2025-03-01T08:00:00+24:00',
  ])('rejects the out-of-range date-time %s', (ts) => {
    expect(isRfc3339(ts)).toBe(false);
  });
});

describe('signing and verifying tree heads', () => {
  const sth = signTreeHead(head, signer.privateKey);

  it('verifies with the signing key and names it', () => {
    expect(sth).toMatchObject(head);
    expect(sth.keyId).toBe(keyId(signer.publicKey));
    expect(Buffer.from(sth.signature, 'base64')).toHaveLength(64);
    expect(verifyTreeHead(sth, signer.publicKey)).toBe(true);
  });

  it('signs the empty tree with its empty-string root', () => {
    const empty = signTreeHead({ ...head, treeSize: 0, rootHash: EMPTY_ROOT_HEX }, signer.privateKey);
    expect(verifyTreeHead(empty, signer.publicKey)).toBe(true);
  });

  it('fails for a head re-signed with another key', () => {
    const resigned = signTreeHead(head, other.privateKey);
    expect(verifyTreeHead(resigned, signer.publicKey)).toBe(false);
    // Claiming the expected key's id does not help: the signature is still someone else's.
    expect(verifyTreeHead({ ...resigned, keyId: sth.keyId }, signer.publicKey)).toBe(false);
    // And a genuine signature is refused under another key's id.
    expect(verifyTreeHead({ ...sth, keyId: resigned.keyId }, signer.publicKey)).toBe(false);
  });

  it('fails for any changed field', () => {
    const changed: SignedTreeHead[] = [
      { ...sth, treeSize: 4 },
      { ...sth, treeSize: 2 },
      { ...sth, rootHash: toHex(rootFromLeafHashes(ledger.slice(0, 2))) },
      { ...sth, timestamp: '2025-03-01T08:00:00.001Z' },
      // Same instant, different text: the timestamp is signed as written.
      { ...sth, timestamp: '2025-03-01T16:00:00.000+08:00' },
    ];
    for (const c of changed) expect(verifyTreeHead(c, signer.publicKey)).toBe(false);
  });

  it('fails for a flipped bit anywhere in the signature', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 511 }), (bit) => {
        const sig = Buffer.from(sth.signature, 'base64');
        sig[bit >> 3]! ^= 1 << (bit & 7);
        return verifyTreeHead({ ...sth, signature: sig.toString('base64') }, signer.publicKey) === false;
      }),
    );
  });

  it('fails for a signature over the same fields in another encoding', () => {
    const json = Buffer.from(JSON.stringify(head));
    const signature = sign(null, json, signer.privateKey).toString('base64');
    expect(verifyTreeHead({ ...sth, signature }, signer.publicKey)).toBe(false);
  });

  it('accepts only the canonical base64 of a 64-byte signature', () => {
    expect(verifyTreeHead({ ...sth, signature: `${sth.signature}\n` }, signer.publicKey)).toBe(false);
    expect(verifyTreeHead({ ...sth, signature: sth.signature.replace(/=+$/, '') }, signer.publicKey)).toBe(
      false,
    );
    expect(
      verifyTreeHead(
        { ...sth, signature: `${sth.signature.slice(0, 40)}!!${sth.signature.slice(40)}` },
        signer.publicKey,
      ),
    ).toBe(false);
    expect(verifyTreeHead({ ...sth, signature: '' }, signer.publicKey)).toBe(false);
  });

  it('returns false instead of throwing on malformed heads or keys', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(verifyTreeHead(sth, ec.publicKey)).toBe(false);
    expect(verifyTreeHead(null as never, signer.publicKey)).toBe(false);
    expect(verifyTreeHead(sth, null as never)).toBe(false);
    expect(verifyTreeHead({ ...sth, treeSize: '3' } as never, signer.publicKey)).toBe(false);
    expect(verifyTreeHead({ ...sth, signature: 42 } as never, signer.publicKey)).toBe(false);
    fc.assert(fc.property(fc.anything(), (x) => verifyTreeHead(x as never, signer.publicKey) === false));
  });

  it('refuses to sign with a key that is not an Ed25519 private key', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signTreeHead(head, ec.privateKey)).toThrow(TypeError);
    expect(() => signTreeHead(head, signer.publicKey)).toThrow(TypeError);
  });
});

describe('keys', () => {
  const privatePem = signer.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = exportPublicKeyPem(signer.publicKey);

  it('names a key by the hex SHA-256 of its SPKI DER, the same for either half', () => {
    const der = signer.publicKey.export({ type: 'spki', format: 'der' });
    expect(keyId(signer.publicKey)).toBe(createHash('sha256').update(der).digest('hex'));
    expect(keyId(signer.privateKey)).toBe(keyId(signer.publicKey));
    expect(keyId(other.publicKey)).not.toBe(keyId(signer.publicKey));
  });

  it('exports the public key as SPKI PEM, from either half', () => {
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    expect(exportPublicKeyPem(signer.privateKey)).toBe(publicPem);
  });

  it('loads a key pair from PEM that signs heads the exported public key verifies', () => {
    const pair = loadEd25519KeyPair(privatePem, publicPem);
    expect(pair.keyId).toBe(keyId(signer.publicKey));
    const sth = signTreeHead(head, pair.privateKey);
    expect(verifyTreeHead(sth, loadEd25519PublicKey(exportPublicKeyPem(pair.publicKey)))).toBe(true);
    expect(loadEd25519KeyPair(privatePem).keyId).toBe(pair.keyId);
  });

  it('refuses a configured public key that belongs to another private key', () => {
    expect(() => loadEd25519KeyPair(privatePem, exportPublicKeyPem(other.publicKey))).toThrow(
      /does not belong/,
    );
  });

  it('refuses keys that are not Ed25519, and a private key offered as the public one', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecPrivatePem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const ecPublicPem = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadEd25519KeyPair(ecPrivatePem)).toThrow(TypeError);
    expect(() => loadEd25519PublicKey(ecPublicPem)).toThrow(TypeError);
    expect(() => loadEd25519PublicKey(privatePem)).toThrow(TypeError);
    expect(() => loadEd25519KeyPair(publicPem)).toThrow();
  });
});
