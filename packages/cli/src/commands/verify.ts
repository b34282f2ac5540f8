import { readFile } from 'node:fs/promises';
import { verifyBundle } from '@landcase/audit';

export async function verifyCommand(argv: string[]): Promise<number> {
  const file = argv.find((a) => !a.startsWith('-'));
  if (!file) {
    process.stderr.write('usage: landcase verify <bundle.json>\n');
    return 2;
  }
  const bundle = JSON.parse(await readFile(file, 'utf8'));
  const result = await verifyBundle(bundle);
  if (result.valid) {
    process.stdout.write(`valid: ${result.checked} entries checked\n`);
    return 0;
  }
  process.stdout.write(
    `INVALID: first bad entry at position ${result.firstBadPosition} (${result.checked} checked)\n`,
  );
  return 1;
}
