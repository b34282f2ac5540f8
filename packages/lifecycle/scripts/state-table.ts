// Keeps the root README's table of states and deadlines in step with the machines.
//   tsx packages/lifecycle/scripts/state-table.ts --write   rewrite the block between the markers
//   tsx packages/lifecycle/scripts/state-table.ts --check   exit 1 when the block is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readStateBlock, renderStateTable, replaceStateBlock, stateBlockOf } from '../src/state-table.ts';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** Where the README first departs from the generated block, line numbers counted in the block. */
function firstDifference(actual: string, expected: string): string {
  const have = actual.split('\n');
  const want = expected.split('\n');
  const line = want.findIndex((text, i) => have[i] !== text);
  const at = line < 0 ? want.length : line;
  return [
    `first difference at line ${at + 1} of the block:`,
    `  README:    ${JSON.stringify(have[at] ?? '(end of block)')}`,
    `  generated: ${JSON.stringify(want[at] ?? '(end of block)')}`,
  ].join('\n');
}

const mode = process.argv[2];
const readme = readFileSync(README, 'utf8');
const table = renderStateTable();

if (mode === '--write') {
  const updated = replaceStateBlock(readme, table);
  if (updated !== readme) writeFileSync(README, updated);
  console.log(updated === readme ? 'README states table is up to date' : 'README states table rewritten');
} else if (mode === '--check') {
  const actual = readStateBlock(readme);
  const expected = stateBlockOf(table);
  if (actual !== expected) {
    console.error('README states table is stale; run `pnpm docs:states`.');
    console.error(firstDifference(actual, expected));
    process.exit(1);
  }
  console.log('README states table is up to date');
} else {
  console.error('usage: state-table.ts --write | --check');
  process.exit(2);
}
