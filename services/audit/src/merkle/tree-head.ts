import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { EMPTY_ROOT_HEX } from './tree-hash.ts';

// Signed tree heads: an Ed25519 signature over (size, root, time) of the ledger's Merkle tree, so a
// holder of the public key can check any later inclusion or consistency proof against a head the
// ledger committed to.
//
// Signed bytes (TREE_HEAD_FORMAT v1): the ASCII text
//   landcase-sth-v1 LF <treeSize in decimal, no leading zeros> LF <root hash, 64 lowercase hex> LF <timestamp>
// with no trailing newline. The timestamp is an RFC 3339 date-time in upper case ('T', 'Z'), signed
// exactly as written. Every field is validated before signing so none can contain a newline, which keeps
// the encoding unambiguous. The key id is not signed: it only names the key, and verification checks it
// against the key actually used.

export const TREE_HEAD_FORMAT = 'landcase-sth-v1';

export interface TreeHead {
  treeSize: number;
  /** Merkle tree hash of the first treeSize leaves, 64 lowercase hex characters. */
  rootHash: string;
  /** RFC 3339 date-time, e.g. 2025-03-01T08:00:00.000Z. */
  timestamp: string;
}

export interface SignedTreeHead extends TreeHead {
  /** keyId() of the signing key. */
  keyId: string;
  /** Ed25519 signature over treeHeadBytes(), standard base64 with padding. */
  signature: string;
}

const ROOT_HEX = /^[0-9a-f]{64}$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;
const ED25519_SIGNATURE_SIZE = 64;

/** Whether s is an RFC 3339 date-time that names a real calendar instant (no leap seconds). */
export function isRfc3339(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = RFC3339.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  // Date.UTC rolls over out-of-range parts (Feb 30 becomes Mar 1), so a round trip catches them.
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month - 1 &&
    d.getUTCDate() === day &&
    d.getUTCHours() === hour &&
    d.getUTCMinutes() === minute &&
    d.getUTCSeconds() === second
  );
}

function treeHeadProblem(head: TreeHead): string | undefined {
  if (typeof head !== 'object' || head === null) return 'not an object';
  const { treeSize, rootHash, timestamp } = head;
  if (typeof treeSize !== 'number' || !Number.isSafeInteger(treeSize) || treeSize < 0) {
    return 'treeSize must be a non-negative safe integer';
  }
  if (typeof rootHash !== 'string' || !ROOT_HEX.test(rootHash)) {
    return 'rootHash must be 64 lowercase hex characters';
  }
  if (treeSize === 0 && rootHash !== EMPTY_ROOT_HEX) return 'the empty tree has the empty-string root';
  if (!isRfc3339(timestamp)) return 'timestamp must be an RFC 3339 date-time';
  return undefined;
}

/** The canonical bytes a tree head signature covers. Throws a TypeError on an invalid head. */
export function treeHeadBytes(head: TreeHead): Uint8Array {
  const problem = treeHeadProblem(head);
  if (problem) throw new TypeError(`invalid tree head: ${problem}`);
  return new TextEncoder().encode(
    `${TREE_HEAD_FORMAT}\n${head.treeSize}\n${head.rootHash}\n${head.timestamp}`,
  );
}

function publicKeyOf(key: KeyObject): KeyObject {
  return key.type === 'private' ? createPublicKey(key) : key;
}

function assertEd25519(key: KeyObject, type: 'private' | 'public'): void {
  if (key.type !== type || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`expected an Ed25519 ${type} key`);
  }
}

/** Hex SHA-256 of the public key's SPKI DER encoding (a private key is reduced to its public half). */
export function keyId(key: KeyObject): string {
  const der = publicKeyOf(key).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

/** Signs a tree head with an Ed25519 private key. Throws on an invalid head or a non-Ed25519 key. */
export function signTreeHead(head: TreeHead, privateKey: KeyObject): SignedTreeHead {
  assertEd25519(privateKey, 'private');
  const bytes = treeHeadBytes(head);
  return {
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    timestamp: head.timestamp,
    keyId: keyId(privateKey),
    signature: sign(null, bytes, privateKey).toString('base64'),
  };
}

/**
 * Whether `sth` is a well-formed tree head signed by `publicKey` and names that key. Returns false,
 * never throws, on malformed input or a key of another type.
 */
export function verifyTreeHead(sth: SignedTreeHead, publicKey: KeyObject): boolean {
  try {
    if (treeHeadProblem(sth) !== undefined) return false;
    if (publicKey.asymmetricKeyType !== 'ed25519') return false;
    if (typeof sth.keyId !== 'string' || sth.keyId !== keyId(publicKey)) return false;
    if (typeof sth.signature !== 'string') return false;
    const signature = Buffer.from(sth.signature, 'base64');
    // Node's base64 decoder skips junk; demanding the canonical encoding keeps one signature one string.
    if (signature.length !== ED25519_SIGNATURE_SIZE || signature.toString('base64') !== sth.signature) {
      return false;
    }
    return verify(null, treeHeadBytes(sth), publicKeyOf(publicKey), signature);
  } catch {
    return false;
  }
}

export interface Ed25519KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

/**
 * Loads the tree head signing key from PEM configuration (PKCS#8 private key). When a public key PEM
 * is also configured it must be the private key's own public half. Throws on any mismatch or on a key
 * that is not Ed25519.
 */
export function loadEd25519KeyPair(privateKeyPem: string, publicKeyPem?: string): Ed25519KeyPair {
  const privateKey = createPrivateKey({ key: privateKeyPem, format: 'pem' });
  assertEd25519(privateKey, 'private');
  const publicKey = createPublicKey(privateKey);
  if (publicKeyPem !== undefined && keyId(loadEd25519PublicKey(publicKeyPem)) !== keyId(publicKey)) {
    throw new Error('the configured public key does not belong to the configured private key');
  }
  return { privateKey, publicKey, keyId: keyId(publicKey) };
}

/**
 * Loads an Ed25519 public key from SPKI PEM; throws on any other key. Node would derive a public key
 * from a private PEM too, but a private key in a slot meant for publishing is a configuration error.
 */
export function loadEd25519PublicKey(publicKeyPem: string): KeyObject {
  if (publicKeyPem.includes('PRIVATE KEY')) {
    throw new TypeError('expected a public key PEM, got a private key');
  }
  const publicKey = createPublicKey({ key: publicKeyPem, format: 'pem' });
  assertEd25519(publicKey, 'public');
  return publicKey;
}

/** The public key as SPKI PEM, for publishing to verifiers. */
export function exportPublicKeyPem(key: KeyObject): string {
  return publicKeyOf(key).export({ type: 'spki', format: 'pem' }).toString();
}
