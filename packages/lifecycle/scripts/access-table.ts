// Keeps the root README's "who may see and do what" tables in step with the access policy.
//   tsx packages/lifecycle/scripts/access-table.ts --write   rewrite the block between the markers
//   tsx packages/lifecycle/scripts/access-table.ts --check   exit 1 when the block is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  accessBlockOf,
  readAccessBlock,
  renderAccessTable,
  replaceAccessBlock,
} from '../src/access/access-table.ts';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

const mode = process.argv[2];
const readme = readFileSync(README, 'utf8');
const table = renderAccessTable();

if (mode === '--write') {
  const updated = replaceAccessBlock(readme, table);
  if (updated !== readme) writeFileSync(README, updated);
  console.log(updated === readme ? 'README access tables are up to date' : 'README access tables rewritten');
} else if (mode === '--check') {
  if (readAccessBlock(readme) !== accessBlockOf(table)) {
    console.error('README access tables are stale; run `pnpm docs:access`.');
    process.exit(1);
  }
  console.log('README access tables are up to date');
} else {
  console.error('usage: access-table.ts --write | --check');
  process.exit(2);
}
