// What every benchmark part reports, and how figures are printed. Figures are measurements, not
// checks: nothing here passes or fails.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { pathToFileURL } from 'node:url';

export interface Figure {
  /** e.g. `eventstore`, `relay`, `happy-path` */
  part: string;
  what: string;
  /** Units of work done (events, happy paths). */
  count: number;
  unit: string;
  elapsedMs: number;
  /** CPU time this process spent meanwhile (user + system): less sensitive to a busy machine. */
  cpuMs?: number;
  note?: string;
  /**
   * On a raw engine's figure: the `what` of the landcase figure it is the floor for (the same
   * work, the same machine, the same run), so the two are printed side by side with their ratio.
   */
  baselineFor?: string;
}

export interface Skipped {
  part: string;
  what: string;
  skipped: string;
}

export type Result = Figure | Skipped;

export const isSkipped = (r: Result): r is Skipped => 'skipped' in r;

export const perSecond = (f: Figure): number => (f.elapsedMs > 0 ? (f.count * 1000) / f.elapsedMs : 0);

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const rateText = (n: number): string => (n >= 100 ? int(n) : n.toFixed(1));

/** One line, the same in every part: `what: 12,345 events/s (20,000 events in 1.62 s) — note` */
export function describe(r: Result): string {
  if (isSkipped(r)) return `${r.what}: skipped — ${r.skipped}`;
  const cpu = r.cpuMs === undefined ? '' : `, CPU ${(r.cpuMs / 1000).toFixed(2)} s`;
  const base = `${r.what}: ${rateText(perSecond(r))} ${r.unit}/s (${int(r.count)} ${r.unit} in ${(r.elapsedMs / 1000).toFixed(2)} s${cpu})`;
  return r.note ? `${base} — ${r.note}` : base;
}

export function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memGiB = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${model}, ${cpus.length} cores, ${memGiB} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

export const now = (): number => performance.now();

/** Starts timing; the returned function reads wall and CPU time since. */
export function stopwatch(): () => { elapsedMs: number; cpuMs: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { elapsedMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  };
}

export function loadLine(): string {
  const [one, five] = os.loadavg();
  return `load average ${one?.toFixed(1)} (1 min), ${five?.toFixed(1)} (5 min) on ${os.cpus().length} cores`;
}

/** True when `moduleUrl` is the script tsx was asked to run (so each part also runs on its own). */
export const isMain = (moduleUrl: string): boolean =>
  process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;

export function printResults(results: Result[]): void {
  for (const r of results) console.log(`  ${describe(r)}`);
}

/** The JSON a stored event occupies (data + metadata), for context beside the rates. */
export const storedBytes = (e: { data: unknown; metadata: unknown }): number =>
  JSON.stringify(e.data).length + JSON.stringify(e.metadata).length;

/** A stored event shaped like the real ones: a clue report with a parcel, evidence and full metadata. */
export function sampleEvent(caseId: string, type = 'ClueReported') {
  return {
    id: randomUUID(),
    type,
    data: {
      caseId,
      source: 'satellite',
      externalRef: `sweep-2026-03-${caseId}`,
      divisionCode: '141181',
      landClass: 'pbf',
      parcel: {
        type: 'Polygon',
        coordinates: [
          [
            [111.79, 37.26],
            [111.790727, 37.26],
            [111.790727, 37.260578],
            [111.79, 37.260578],
            [111.79, 37.26],
          ],
        ],
      },
      areaMu: 6.2,
      observedAt: '2026-03-02T01:00:00.000Z',
      evidence: [{ uri: 'https://sweep.example/2026-03/tile-17.tif', sha256: 'a'.repeat(64) }],
    },
    metadata: {
      caseId,
      actor: 'grid:grid-user',
      division: '141181',
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}

/** One line per raw figure: landcase's rate beside the raw engine's, and the share it reaches. */
export function ratioLines(results: Result[]): string[] {
  const figures = results.filter((r): r is Figure => !isSkipped(r));
  const lines: string[] = [];
  for (const raw of figures) {
    if (raw.baselineFor === undefined) continue;
    const ours = figures.find((f) => f.what === raw.baselineFor && f.baselineFor === undefined);
    if (!ours) continue;
    const ratio = perSecond(ours) / perSecond(raw);
    const cpu =
      ours.cpuMs !== undefined && raw.cpuMs !== undefined && ours.count > 0 && raw.count > 0
        ? `; CPU per ${ours.unit.replace(/s$/, '')} ${((ours.cpuMs / ours.count) * 1000).toFixed(1)} µs vs ${((raw.cpuMs / raw.count) * 1000).toFixed(1)} µs`
        : '';
    lines.push(
      `${ours.what}: ${rateText(perSecond(ours))} vs ${raw.what}: ${rateText(perSecond(raw))} ${ours.unit}/s = ${(ratio * 100).toFixed(0)}% of raw${cpu}`,
    );
  }
  return lines;
}
