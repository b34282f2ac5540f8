import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRemoteJWKSet, type FlattenedJWSInput, type JWSHeaderParameters } from 'jose';

// Which keys verify bearer tokens, and with which algorithms. HS256 with the shared secret is the
// default; an identity provider's tokens are verified with its public key or its JWKS. The
// algorithms a token may name follow from the keys configured, so an HS256 token can never be
// checked against a public key (the classic algorithm-confusion attack) and `none` is never allowed.

export const HMAC_ALGORITHM = 'HS256';
const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/**
 * The public key a PEM (or the path of a PEM file) holds, and the algorithms it verifies. Throws
 * an Error saying why not (unreadable, not a public key, an unsupported key type).
 */
export function readPublicKey(value: string): { key: KeyObject; algorithms: string[] } {
  const pem = value.trimStart().startsWith('-----BEGIN') ? value : readFileSync(value, 'utf8');
  const key = createPublicKey(pem);
  const algorithms = algorithmsOf(key);
  if (algorithms.length === 0) {
    throw new Error(
      `a ${key.asymmetricKeyType} key cannot verify tokens; use RSA, EC (P-256/384/521) or Ed25519`,
    );
  }
  return { key, algorithms };
}

function algorithmsOf(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      const alg = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }[curve ?? ''];
      return alg ? [alg] : [];
    }
    case 'ed25519':
      return ['EdDSA', 'Ed25519'];
    default:
      return [];
  }
}

export interface TokenKeySettings {
  /** The HS256 secret, when HS256 tokens are accepted. */
  secret?: string;
  /** A public key PEM or the path of one. */
  publicKey?: string;
  /** The URL of a JSON Web Key Set. */
  jwksUrl?: string;
}

type KeyLike = KeyObject | Uint8Array | CryptoKey;
export type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<KeyLike>;

/** The key for each token (by its header's `alg` and `kid`) and the algorithms accepted. */
export function tokenKeys(settings: TokenKeySettings): { algorithms: string[]; keyFor: KeyResolver } {
  const hmac = settings.secret === undefined ? undefined : new TextEncoder().encode(settings.secret);
  const publicKey = settings.publicKey === undefined ? undefined : readPublicKey(settings.publicKey);
  const jwks = settings.jwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(settings.jwksUrl));
  const algorithms = [
    ...(hmac ? [HMAC_ALGORITHM] : []),
    ...(publicKey ? publicKey.algorithms : []),
    ...(jwks ? ASYMMETRIC_ALGORITHMS.filter((a) => !publicKey?.algorithms.includes(a)) : []),
  ];
  if (algorithms.length === 0) throw new Error('no key to verify bearer tokens with');
  return {
    algorithms,
    keyFor: async (header, token) => {
      if (header.alg === HMAC_ALGORITHM && hmac) return hmac;
      if (publicKey?.algorithms.includes(header.alg ?? '') && (!jwks || header.kid === undefined)) {
        return publicKey.key;
      }
      if (jwks) return jwks(header, token);
      // jose has already refused an algorithm outside `algorithms`; this is a key of the wrong kind.
      return publicKey?.key ?? hmac!;
    },
  };
}
