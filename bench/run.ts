// `pnpm bench`: every part in turn, then one block to paste into the README — the machine, a
// table, and one line per figure. Progress goes to stderr so stdout is only that block.
import { benchEventStore } from './eventstore.ts';
import { describe, isSkipped, loadLine, machineLine, perSecond, type Result, ratioLines } from './figures.ts';
import { benchFold } from './fold.ts';
import { benchHappyPath } from './happy-path.ts';
import { benchHttp } from './http.ts';
import { benchLedger } from './ledger.ts';
import { benchProjection } from './projection.ts';
import { benchRelay } from './relay.ts';

const PARTS: { part: string; run: () => Promise<Result[]> }[] = [
  { part: 'eventstore', run: benchEventStore },
  { part: 'relay', run: benchRelay },
  { part: 'happy-path', run: benchHappyPath },
  { part: 'fold', run: benchFold },
  { part: 'projection', run: benchProjection },
  { part: 'http', run: benchHttp },
  { part: 'ledger', run: benchLedger },
];

const results: Result[] = [];
const failures: string[] = [];
const loadBefore = loadLine();
for (const { part, run } of PARTS) {
  process.stderr.write(`bench: ${part}…\n`);
  try {
    const got = await run();
    for (const r of got) process.stderr.write(`  ${describe(r)}\n`);
    results.push(...got);
  } catch (error) {
    // A part that cannot run is reported and the others still run; the exit status says so.
    const message = error instanceof Error ? error.message : String(error);
    failures.push(`${part}: failed — ${message}`);
    process.stderr.write(`  failed: ${message}\n`);
    process.exitCode = 1;
  }
}

const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A markdown table with its columns padded, as the repository's formatter (biome) lays them out. */
function table(header: string[], rightAligned: boolean[], rows: string[][]): string[] {
  const cells = [header, ...rows].map((row) => row.map((c) => c.replaceAll('|', '\\|')));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (rightAligned[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)];
}

const rows = results.map((r) =>
  isSkipped(r)
    ? [r.part, r.what, 'skipped', '', '', '']
    : [
        r.part,
        r.what,
        `${n(perSecond(r), perSecond(r) < 100 ? 1 : 0)} ${r.unit}/s`,
        n(r.count),
        seconds(r.elapsedMs),
        r.cpuMs === undefined ? '' : seconds(r.cpuMs),
      ],
);
const lines = [
  `Benchmark, ${new Date().toISOString().slice(0, 10)} (\`pnpm bench\`)`,
  '',
  `Machine: ${machineLine()}`,
  `Load: ${loadBefore} at the start`,
  '',
  ...table(
    ['Part', 'Figure', 'Rate', 'Count', 'Elapsed', 'CPU'],
    [false, false, true, true, true, true],
    rows,
  ),
  '',
  ...results.map((r) => `- ${r.part}: ${describe(r)}`),
  ...(ratioLines(results).length > 0
    ? ['', 'Beside the raw engine, same work, same run:', '', ...ratioLines(results).map((l) => `- ${l}`)]
    : []),
  ...failures.map((f) => `- ${f}`),
];
console.log(lines.join('\n'));
