import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@landcase/service-kit';
import { startTestSystem } from '@landcase/service-kit/testing';
import { describe, expect, it } from 'vitest';
import { createAuditModule } from './index.ts';
import { keyId, loadEd25519PublicKey, verifyTreeHead } from './merkle/index.ts';
import { loadSigningKey, SigningKeyError } from './signing-key.ts';

const pair = generateKeyPairSync('ed25519');
const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function warnings() {
  const seen: unknown[] = [];
  return { seen, log: { warn: (...args: unknown[]) => seen.push(args) } };
}

describe('the tree head signing key', () => {
  it('is read from LANDCASE_AUDIT_SIGNING_KEY, as a PEM or the path of one', () => {
    expect(loadConfig({ NODE_ENV: 'test', LANDCASE_AUDIT_SIGNING_KEY: privatePem }).auditSigningKey).toBe(
      privatePem,
    );
    expect(loadConfig({ NODE_ENV: 'test' }).auditSigningKey).toBeUndefined();

    const inline = loadSigningKey(privatePem, { nodeEnv: 'production' });
    expect(inline).toMatchObject({ keyId: keyId(pair.publicKey), ephemeral: false });
    const dir = mkdtempSync(join(tmpdir(), 'landcase-key-'));
    try {
      const path = join(dir, 'audit.pem');
      writeFileSync(path, privatePem);
      expect(loadSigningKey(path, { nodeEnv: 'production' }).keyId).toBe(keyId(pair.publicKey));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is made for the run, with a warning, when none is configured outside production', () => {
    const dev = warnings();
    const key = loadSigningKey(undefined, { nodeEnv: 'development', log: dev.log });
    expect(key.ephemeral).toBe(true);
    expect(dev.seen).toHaveLength(1);
    expect(JSON.stringify(dev.seen[0])).toContain('LANDCASE_AUDIT_SIGNING_KEY is not set');
    const test = warnings();
    expect(loadSigningKey(undefined, { nodeEnv: 'test', log: test.log }).ephemeral).toBe(true);
    expect(test.seen).toHaveLength(0);
  });

  it('must be configured in production, and must be an Ed25519 private key', () => {
    expect(() => loadSigningKey(undefined, { nodeEnv: 'production' })).toThrow(/must be set in production/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(() =>
      loadSigningKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { nodeEnv: 'test' }),
    ).toThrow(SigningKeyError);
    expect(() => loadSigningKey('/nonexistent/audit.pem', { nodeEnv: 'test' })).toThrow(
      /neither a PEM nor a readable file/,
    );
    const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadSigningKey(publicPem, { nodeEnv: 'test' })).toThrow(SigningKeyError);
  });

  it('signs the heads the service publishes', async () => {
    const sys = await startTestSystem(createAuditModule({ signingKey: privatePem }));
    try {
      const res = await sys.app.inject({
        method: 'GET',
        url: '/audit/tree-head',
        headers: { authorization: `Bearer ${await sys.token('psb')}` },
      });
      const head = res.json();
      expect(head).toMatchObject({ treeSize: 0, keyId: keyId(pair.publicKey) });
      expect(keyId(loadEd25519PublicKey(head.publicKey))).toBe(keyId(pair.publicKey));
      expect(verifyTreeHead(head, pair.publicKey)).toBe(true);
    } finally {
      await sys.stop();
    }
  });
});
