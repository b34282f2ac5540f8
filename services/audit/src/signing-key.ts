import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { type Ed25519KeyPair, exportPublicKeyPem, keyId, loadEd25519KeyPair } from './merkle/index.ts';

// The key that signs tree heads: LANDCASE_AUDIT_SIGNING_KEY, an Ed25519 private key in PKCS#8
// PEM, given inline or as the path of a PEM file. Without one, outside production, the service
// makes a key for this run only and says so: heads it signs cannot be checked after a restart
// against a published key, which is fine for development and useless for an audit.

export interface SigningKey extends Ed25519KeyPair {
  publicKeyPem: string;
  /** True when the key was made at start because none was configured. */
  ephemeral: boolean;
}

export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

function pemOf(value: string): string {
  if (value.includes('-----BEGIN')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    throw new SigningKeyError(
      `LANDCASE_AUDIT_SIGNING_KEY is neither a PEM nor a readable file (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

export function loadSigningKey(
  configured: string | undefined,
  options: { nodeEnv: string; log?: Pick<Logger, 'warn'> },
): SigningKey {
  if (configured === undefined || configured === '') {
    if (options.nodeEnv === 'production') {
      throw new SigningKeyError(
        'LANDCASE_AUDIT_SIGNING_KEY must be set in production: an Ed25519 private key (PKCS#8 PEM, or the path of one) that signs the ledger tree heads',
      );
    }
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const id = keyId(publicKey);
    if (options.nodeEnv !== 'test') {
      options.log?.warn(
        { keyId: id },
        'LANDCASE_AUDIT_SIGNING_KEY is not set: tree heads are signed with a key made for this run only; set it for heads that can be checked later',
      );
    }
    return { privateKey, publicKey, keyId: id, publicKeyPem: exportPublicKeyPem(publicKey), ephemeral: true };
  }
  let pair: Ed25519KeyPair;
  try {
    pair = loadEd25519KeyPair(pemOf(configured));
  } catch (error) {
    if (error instanceof SigningKeyError) throw error;
    throw new SigningKeyError(
      `LANDCASE_AUDIT_SIGNING_KEY does not hold an Ed25519 private key: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { ...pair, publicKeyPem: exportPublicKeyPem(pair.publicKey), ephemeral: false };
}
