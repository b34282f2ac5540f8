import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type BundleVerification, verifyBundle } from '@landcase/audit';

const USAGE = 'usage: landcase verify <bundle.json> [--key <public-key.pem>]\n';

/** What `landcase verify` prints for a result; the exit status is 0 only when the bundle is valid. */
function describeVerification(result: BundleVerification, file: string): string {
  if (result.valid) {
    const checked = `valid: ${file}: ${result.checked} entries chained and included in the ledger tree of ${result.treeSize} entries`;
    if (result.keyPinned) return `${checked}\nsigned by the pinned key ${result.keyId}\n`;
    // The bundle's own key proves only that the file agrees with itself: whoever rewrote the
    // entries could have re-signed the head with a key of their own and put it in the file.
    return (
      `${checked}\n` +
      `SIGNER UNVERIFIED: the tree head verifies only with the key inside the bundle (${result.keyId}), ` +
      'which shows the file is consistent with itself, not who signed it. Pin the key the ledger ' +
      'publishes (publicKey of GET /audit/tree-head, kept from a source you trust) with --key <public-key.pem>.\n'
    );
  }
  if (result.failed === 'entry') {
    const where = result.firstBadPosition !== undefined ? ` at position ${result.firstBadPosition}` : '';
    return `INVALID: ${file}: first bad entry${where} (entry ${result.checked} of the case): ${result.reason}\n`;
  }
  return `INVALID: ${file}: ${result.failed === 'tree-head' ? 'tree head' : 'bundle'}: ${result.reason}\n`;
}

export async function verifyCommand(argv: string[]): Promise<number> {
  let values: { key?: string | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { key: { type: 'string' } },
      allowPositionals: true,
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  let bundle: unknown;
  try {
    bundle = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    process.stdout.write(
      `INVALID: ${file}: not a readable JSON file (${error instanceof Error ? error.message : String(error)})\n`,
    );
    return 1;
  }
  let publicKey: string | undefined;
  if (values.key !== undefined) {
    try {
      publicKey = await readFile(values.key, 'utf8');
    } catch (error) {
      process.stderr.write(
        `cannot read the key ${values.key}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return 2;
    }
  }
  const result = verifyBundle(bundle, publicKey !== undefined ? { publicKey } : {});
  process.stdout.write(describeVerification(result, file));
  return result.valid ? 0 : 1;
}
