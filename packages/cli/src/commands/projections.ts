import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { type Done, EXIT } from '../exit-codes.ts';
import { type Connection, call, connect, type Fetch, run, withConnection } from './ops-http.ts';
import { table } from './replay.ts';
import { duration } from './streams.ts';

// `landcase projections`: the list projections of a running process (`GET /ops/projections`, role
// `ops`) and their blue/green rebuild from the store (`POST .../rebuild`, followed with GET until
// it is swapped in), with a progress bar of events done of total, rate and ETA.

interface Projection {
  name: string;
  service: string;
  collection: string;
  position: number | null;
  head: number | null;
  lag: number;
  generation: number;
  rebuilding: boolean;
}

export interface RebuildReport {
  name: string;
  generation: number;
  state: 'none' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  rate: number;
  etaSeconds: number | null;
  error: string | null;
}

interface RebuildOptions extends Connection {
  interval?: string;
  detach?: boolean;
}

const n = (value: number | null): string => (value === null ? '-' : String(value));

export function renderProjections(items: readonly Projection[]): string {
  if (items.length === 0) return '(no projections in this process)\n';
  const rows = table(
    ['NAME', 'SERVICE', 'POSITION', 'HEAD', 'LAG', 'GENERATION', 'REBUILDING'],
    items.map((p) => [
      p.name,
      p.service,
      n(p.position),
      n(p.head),
      String(p.lag),
      String(p.generation),
      p.rebuilding ? 'yes' : 'no',
    ]),
    [false, false, true, true, true, true, false],
  );
  return `${rows.join('\n')}\n`;
}

export function projectionsListCommand(options: Connection, fetchFn: Fetch = fetch): Promise<number> {
  return run(async () => {
    const { base, token } = await connect(options, 'landcase-projections');
    const report = (await call(fetchFn, 'GET', `${base}/ops/projections`, token)) as { items: Projection[] };
    process.stdout.write(
      options.json ? `${JSON.stringify(report, null, 2)}\n` : renderProjections(report.items),
    );
    return EXIT.ok;
  });
}

/** `--interval 500ms|2s|1000`: milliseconds between polls. */
export function intervalMs(text: string | undefined): number {
  if (text === undefined) return 1000;
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (!match) throw new Error(`--interval ${text}: not a duration (e.g. 500ms, 2s)`);
  const value = Number(match[1]) * (match[2] === 's' ? 1000 : 1);
  if (value < 50 || value > 60_000) throw new Error(`--interval ${text}: between 50ms and 60s`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function projectionsRebuildCommand(
  name: string,
  options: RebuildOptions,
  fetchFn: Fetch = fetch,
): Promise<number> {
  return run(async () => {
    const every = intervalMs(options.interval);
    const { base, token } = await connect(options, 'landcase-projections');
    const url = `${base}/ops/projections/${encodeURIComponent(name)}/rebuild`;
    let report = (await call(fetchFn, 'POST', url, token, {})) as RebuildReport;
    if (options.detach) {
      process.stdout.write(
        options.json
          ? `${JSON.stringify(report, null, 2)}\n`
          : `rebuilding ${name} into generation ${report.generation}; follow it with GET ${url}\n`,
      );
      return EXIT.ok;
    }
    // The bar on stderr when it is a terminal; --json prints each poll as a line of JSON instead.
    const bar = options.json
      ? null
      : new SingleBar({
          format: `${name} [{bar}] {value}/{total} events | {rate} events/s | ETA {eta_text}`,
          stream: process.stderr,
          noTTYOutput: true,
          notTTYSchedule: every,
          hideCursor: true,
        });
    const payload = (r: RebuildReport) => ({
      rate: r.rate.toFixed(1),
      eta_text: r.etaSeconds === null ? '-' : duration(r.etaSeconds),
    });
    bar?.start(Math.max(report.total, 1), report.done, payload(report));
    for (;;) {
      if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      bar?.setTotal(Math.max(report.total, report.done, 1));
      bar?.update(report.done, payload(report));
      if (report.state !== 'running') break;
      await sleep(every);
      report = (await call(fetchFn, 'GET', url, token)) as RebuildReport;
    }
    bar?.stop();
    if (report.state === 'failed') throw new Error(`the rebuild of ${name} failed: ${report.error}`);
    if (!options.json)
      process.stdout.write(
        `${name}: ${report.done} events applied; generation ${report.generation} serves\n`,
      );
    return EXIT.ok;
  });
}

export function registerProjections(program: Command, done: Done): void {
  const projections = program
    .command('projections')
    .summary('the list projections: positions, lag, generations; rebuild one')
    .description(
      "What GET /ops/projections (the ops role) says of a running process's list projections, and the " +
        'blue/green rebuild of one from the event store: a new generation filled while the current one ' +
        'serves, swapped in when caught up.',
    );
  withConnection(
    projections
      .command('list')
      .description("each projection's position, its aggregate's head, the lag between, its generation"),
  ).action(async (options: Connection) => done(await projectionsListCommand(options)));
  withConnection(
    projections
      .command('rebuild')
      .argument('<name>', 'the projection (as `landcase projections list` names it)')
      .description(
        'rebuild it into a new generation and follow it with a progress bar (events done of total, rate, ETA)',
      ),
  )
    .option('--interval <duration>', 'time between polls of the progress, e.g. 500ms or 2s', '1s')
    .option('--detach', 'start the rebuild and return at once')
    .action(async (name: string, options: RebuildOptions) =>
      done(await projectionsRebuildCommand(name, options)),
    );
}
