// `pnpm bench`: every part in turn, then one block to paste into the README — the machine, a
// table, and one line per figure. Progress goes to stderr so stdout is only that block.
import { benchEventStore } from './eventstore.ts';
import { describe, isSkipped, loadLine, machineLine, perSecond, type Result } from './figures.ts';
import { benchHappyPath } from './happy-path.ts';
import { benchRelay } from './relay.ts';

const PARTS: { part: string; run: () => Promise<Result[]> }[] = [
  { part: 'eventstore', run: benchEventStore },
  { part: 'relay', run: benchRelay },
  { part: 'happy-path', run: benchHappyPath },
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
const cell = (s: string) => s.replaceAll('|', '\\|');
const lines = [
  `Benchmark, ${new Date().toISOString().slice(0, 10)} (\`pnpm bench\`)`,
  '',
  `Machine: ${machineLine()}`,
  `Load: ${loadBefore} at the start`,
  '',
  '| Part | Figure | Rate | Count | Elapsed | CPU |',
  '| --- | --- | ---: | ---: | ---: | ---: |',
  ...results.map((r) =>
    isSkipped(r)
      ? `| ${r.part} | ${cell(r.what)} | skipped | | | |`
      : `| ${r.part} | ${cell(r.what)} | ${n(perSecond(r), perSecond(r) < 100 ? 1 : 0)} ${r.unit}/s | ${n(r.count)} | ${(r.elapsedMs / 1000).toFixed(2)} s | ${r.cpuMs === undefined ? '' : `${(r.cpuMs / 1000).toFixed(2)} s`} |`,
  ),
  '',
  ...results.map((r) => `- ${r.part}: ${describe(r)}`),
  ...failures.map((f) => `- ${f}`),
];
console.log(lines.join('\n'));
