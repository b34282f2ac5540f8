import type { Command } from 'commander';
import { type Done, EXIT } from '../exit-codes.ts';
import { type Connection, call, connect, type Fetch, run, withConnection } from './ops-http.ts';
import { table } from './replay.ts';

// `landcase streams`: what `GET /ops/streams` (role `ops`) says of a running process's relays and
// consumer groups, as tables or as the JSON it is.

interface StreamsOptions extends Connection {
  check?: boolean;
}

interface Relay {
  service: string;
  position: number | null;
  head: number | null;
  lagEvents: number;
  waitSeconds: number;
}

interface Counts {
  group: string;
  handled: number;
  retried: number;
  deadLettered: number;
  duplicates: number;
}

interface Partition {
  topic: string;
  partition: number;
  committed: number | null;
  end: number;
  lag: number;
  waitSeconds: number;
  status: string;
  complete: boolean;
}

interface Group {
  group: string;
  active: boolean;
  status: string;
  lag: number;
  waitSeconds: number;
  sampledAt: string | null;
  partitions: Partition[];
}

export interface StreamsReport {
  relays: Relay[];
  consumers: Counts[];
  dlqDepth: number | null;
  groups: Group[];
}

const n = (value: number | null | undefined): string =>
  value === null || value === undefined ? '-' : String(value);

/** `95` → `1m35s`: a wait as a person reads it. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor((seconds % 86_400) / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'm'],
    [seconds % 60, 's'],
  ];
  const first = parts.findIndex(([v]) => v > 0);
  return parts
    .slice(first, first + 2)
    .filter(([v]) => v > 0)
    .map(([v, u]) => `${v}${u}`)
    .join('');
}

export function renderStreams(report: StreamsReport): string {
  const out: string[] = [];
  out.push('Relays');
  out.push(
    ...(report.relays.length === 0
      ? ['  (none in this process)']
      : table(
          ['SERVICE', 'POSITION', 'HEAD', 'LAG', 'WAIT'],
          report.relays.map((r) => [
            r.service,
            n(r.position),
            n(r.head),
            String(r.lagEvents),
            duration(r.waitSeconds),
          ]),
          [false, true, true, true, true],
        )),
  );
  const counts = new Map(report.consumers.map((c) => [c.group, c]));
  const names = [...new Set([...report.groups.map((g) => g.group), ...counts.keys()])].sort();
  const groups = new Map(report.groups.map((g) => [g.group, g]));
  out.push('', 'Consumer groups');
  out.push(
    ...(names.length === 0
      ? ['  (none in this process)']
      : table(
          ['GROUP', 'STATUS', 'MEMBERS', 'LAG', 'WAIT', 'HANDLED', 'RETRIED', 'DEAD-LETTERED', 'DUPLICATES'],
          names.map((name) => {
            const g = groups.get(name);
            const c = counts.get(name);
            return [
              name,
              g ? g.status + (g.partitions.some((p) => !p.complete) ? ' (window filling)' : '') : '-',
              g ? (g.active ? 'yes' : 'none') : '-',
              g ? String(g.lag) : '-',
              g ? duration(g.waitSeconds) : '-',
              n(c?.handled),
              n(c?.retried),
              n(c?.deadLettered),
              n(c?.duplicates),
            ];
          }),
          [false, false, false, true, true, true, true, true, true],
        )),
  );
  const partitions = report.groups.flatMap((g) => g.partitions.map((p) => ({ group: g.group, ...p })));
  if (partitions.length > 0) {
    out.push('', 'Partitions');
    out.push(
      ...table(
        ['GROUP', 'TOPIC', 'PARTITION', 'COMMITTED', 'END', 'LAG', 'WAIT', 'STATUS'],
        partitions.map((p) => [
          p.group,
          p.topic,
          String(p.partition),
          n(p.committed),
          String(p.end),
          String(p.lag),
          duration(p.waitSeconds),
          p.status,
        ]),
        [false, false, true, true, true, true, true, false],
      ),
    );
  }
  const sampled = report.groups.map((g) => g.sampledAt).find((at) => at !== null);
  out.push('', `Dead letters pending: ${report.dlqDepth ?? 'not kept by this bus'}`);
  if (sampled) out.push(`Lag sampled at ${sampled}`);
  return `${out.join('\n')}\n`;
}

export function streamsCommand(options: StreamsOptions, fetchFn: Fetch = fetch): Promise<number> {
  return run(async () => {
    const { base, token } = await connect(options, 'landcase-streams');
    const report = (await call(fetchFn, 'GET', `${base}/ops/streams`, token)) as StreamsReport;
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderStreams(report));
    // For a script or a probe: a group that is not OK is a "no".
    return options.check && report.groups.some((g) => g.status !== 'OK') ? EXIT.failed : EXIT.ok;
  });
}

export function registerStreams(program: Command, done: Done): void {
  withConnection(
    program
      .command('streams')
      .summary("the relays' and consumer groups' lag and status")
      .description(
        "What GET /ops/streams (the ops role) says of a running process: each relay's position, lag and " +
          "oldest unpublished event's wait; each consumer group's status (OK, WARN, ERR, STALL, STOP, " +
          "judged on a window of lag samples by Burrow's rules), lag, wait and message counts; each " +
          'partition; and the dead letters pending.',
      ),
  )
    .option('--check', 'exit with status 1 when a consumer group is not OK')
    .action(async (options: StreamsOptions) => done(await streamsCommand(options)));
}
