import { ensureSigningKeyFile } from '@landcase/audit';
import type { Command } from 'commander';
import { type Done, EXIT } from '../exit-codes.ts';

export function registerSigningKey(program: Command, done: Done): void {
  program
    .command('signing-key')
    .summary("make the audit ledger's signing key")
    .description(
      'Make an Ed25519 private key (PKCS#8 PEM, mode 600) at <file> for LANDCASE_AUDIT_SIGNING_KEY, unless ' +
        'a key is there already, which is kept. Prints the public key (PEM) on stdout, for `verify --key`, ' +
        'and what it did on stderr.',
    )
    .argument('<file>', 'where the private key is (or goes)')
    .addHelpText(
      'after',
      '\nExample:\n  landcase signing-key audit.pem > audit.pub.pem\n  LANDCASE_AUDIT_SIGNING_KEY=audit.pem landcase start',
    )
    .action((file: string) => {
      const { created, key } = ensureSigningKeyFile(file);
      process.stderr.write(`${created ? 'made' : 'kept'} the signing key ${key.keyId} at ${file}\n`);
      process.stdout.write(key.publicKeyPem);
      done(EXIT.ok);
    });
}
