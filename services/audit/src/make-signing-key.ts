import { ensureSigningKeyFile } from './signing-key.ts';

// `node dist/make-signing-key.mjs [<file>]`: makes the audit service's tree head signing key at
// <file> (default: $LANDCASE_AUDIT_SIGNING_KEY) unless one is there. docker-compose.yml runs it
// once before the audit service, on the volume the key lives on.

const path = process.argv[2] ?? process.env.LANDCASE_AUDIT_SIGNING_KEY;
if (!path || path.includes('-----BEGIN')) {
  process.stderr.write('usage: make-signing-key <file> (or LANDCASE_AUDIT_SIGNING_KEY=<file>)\n');
  process.exitCode = 2;
} else {
  try {
    const { created, key } = ensureSigningKeyFile(path);
    process.stdout.write(`${created ? 'made' : 'kept'} the audit signing key ${key.keyId} at ${path}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
