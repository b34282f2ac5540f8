import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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

/**
 * Makes an Ed25519 signing key at `path` (PKCS#8 PEM, readable by its owner only) unless a file is
 * there already, which is kept as it is, never replaced: a key that signed tree heads must outlive
 * restarts, or yesterday's heads cannot be checked today. Either way the key is loaded, so a file
 * that holds no Ed25519 private key is an error rather than a silent success.
 */
export function ensureSigningKeyFile(path: string): { created: boolean; key: SigningKey } {
  let created = false;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    // 'wx' fails when the file exists, so two starts at once cannot both write a key.
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new SigningKeyError(
        `cannot write a signing key to ${path}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { created, key: loadSigningKey(path, { nodeEnv: 'production' }) };
}
