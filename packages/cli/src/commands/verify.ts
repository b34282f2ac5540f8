import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { type BundleVerification, verifyBundle } from '@landcase/audit';

const USAGE = 'usage: landcase verify <bundle.json> [--key <public-key.pem>]\n';

/** What `landcase verify` prints for a result; the exit status is 0 only when the bundle is valid. */
function describeVerification(result: BundleVerification, file: string): string {
  if (result.valid) {
    const key = result.keyPinned
      ? `signed by the pinned key ${result.keyId}`
      : `signed by the key in the bundle, ${result.keyId}: compare it with the key the ledger publishes (GET /audit/tree-head), or pass --key`;
    return `valid: ${file}: ${result.checked} entries chained and included in the ledger tree of ${result.treeSize} entries\n${key}\n`;
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
