import { merkle } from '@landcase/audit';
import type { DeadLetterFilter } from '@landcase/messaging';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type Done, EXIT } from '../exit-codes.ts';
import { type Connection, call, connect, type Fetch, run, withConnection } from './ops-http.ts';
import { table } from './replay.ts';

// `landcase dlq list|show|redrive|discard`: the dead letters of a running system, through its HTTP
// API (`/ops/dlq`, served by the audit service, role `ops`). Nothing here reads the bus itself, so
// the same command works against the embedded server and a distributed one.

/** The filters of `/ops/dlq`, the bus's own (status is an option of `list` only). */
type FilterOptions = Omit<DeadLetterFilter, 'status'>;

interface ListOptions extends Connection, FilterOptions {
  status?: string;
  limit?: number;
}

interface ActionOptions extends Connection, FilterOptions {
  all?: boolean;
  dryRun?: boolean;
  limit?: number;
  reason?: string;
}

const FILTERS = [
  'service',
  'topic',
  'group',
  'type',
  'error',
  'since',
  'until',
] as const satisfies readonly (keyof FilterOptions)[];

function parseInstant(value: string): string {
  if (!merkle.isRfc3339(value)) {
    throw new InvalidArgumentError('Expected an RFC 3339 date-time such as 2026-03-05T10:00:00+08:00.');
  }
  return value;
}

function parseLimit(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('Expected a positive integer.');
  return Number(value);
}

const filterOf = (options: FilterOptions): Record<string, string> =>
  Object.fromEntries(
    FILTERS.flatMap((name) => (options[name] !== undefined ? [[name, options[name]!]] : [])),
  );

interface Summary {
  id: string;
  status: string;
  deadAt: string;
  service?: string;
  topic: string;
  group?: string;
  eventType?: string;
  redrives: number;
  error?: string;
}

/** The event's name out of its CloudEvent type (`landcase.detection.ClueReported.v1` → ClueReported). */
const nameOf = (type: string | undefined): string => type?.split('.').at(-2) ?? '(not a CloudEvent)';

export function renderList(answer: { total: number; items: Summary[] }): string {
  if (answer.items.length === 0) return 'No dead letters match.\n';
  const lines = table(
    ['ID', 'STATUS', 'DEAD AT', 'SERVICE', 'GROUP', 'EVENT', 'REDRIVES', 'ERROR'],
    answer.items.map((l) => [
      l.id,
      l.status,
      l.deadAt,
      l.service ?? l.topic,
      l.group ?? '',
      nameOf(l.eventType),
      String(l.redrives),
      l.error ?? '',
    ]),
    [false, false, false, false, false, false, true],
  );
  const shown =
    answer.items.length < answer.total ? `\n${answer.items.length} of ${answer.total} shown (--limit)` : '';
  return `${lines.join('\n')}${shown}\n`;
}

interface ActionAnswer {
  dryRun: boolean;
  matched: number;
  redriven?: { id: string; topic: string; redrives?: number }[];
  discarded?: { id: string; topic: string }[];
  refused: { id: string; reason: string }[];
  notFound: string[];
  left: number;
}

export function renderAction(answer: ActionAnswer, action: 'redrive' | 'discard'): string {
  const done = answer.redriven ?? answer.discarded ?? [];
  const verb = action === 'redrive' ? 'redriven' : 'discarded';
  const lines = [
    `${answer.dryRun ? 'Dry run: would have ' : ''}${verb} ${done.length} of ${answer.matched} matched` +
      (answer.left > 0 ? `; ${answer.left} left beyond the limit` : ''),
    ...done.map(
      (d) =>
        `  ${d.id} → ${d.topic}${'redrives' in d && d.redrives !== undefined ? ` (redrive ${d.redrives})` : ''}`,
    ),
    ...answer.refused.map((r) => `  refused ${r.id}: ${r.reason}`),
    ...answer.notFound.map((id) => `  not found (or not pending): ${id}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function listCommand(options: ListOptions, fetchFn: Fetch = fetch): Promise<number> {
  return run(async () => {
    const { base, token } = await connect(options, 'landcase-dlq');
    const query = new URLSearchParams({
      ...filterOf(options),
      ...(options.status ? { status: options.status } : {}),
      ...(options.limit ? { limit: String(options.limit) } : {}),
    });
    const qs = query.toString();
    const answer = (await call(fetchFn, 'GET', `${base}/ops/dlq${qs ? `?${qs}` : ''}`, token)) as {
      total: number;
      items: Summary[];
    };
    process.stdout.write(options.json ? `${JSON.stringify(answer, null, 2)}\n` : renderList(answer));
    return EXIT.ok;
  });
}

export function showCommand(id: string, options: Connection, fetchFn: Fetch = fetch): Promise<number> {
  return run(async () => {
    const { base, token } = await connect(options, 'landcase-dlq');
    const letter = await call(fetchFn, 'GET', `${base}/ops/dlq/${encodeURIComponent(id)}`, token);
    process.stdout.write(`${JSON.stringify(letter, null, 2)}\n`);
    return EXIT.ok;
  });
}

export function actionCommand(
  action: 'redrive' | 'discard',
  ids: string[],
  options: ActionOptions,
  fetchFn: Fetch = fetch,
): Promise<number> {
  return run(async () => {
    const filter = filterOf(options);
    const named = [ids.length > 0, Object.keys(filter).length > 0, options.all === true].filter(Boolean);
    if (named.length !== 1) {
      throw new Error(
        `dlq ${action}: name the dead letters by id, by filter options, or --all (exactly one of them)`,
      );
    }
    const { base, token } = await connect(options, 'landcase-dlq');
    const body = {
      ...(ids.length > 0 ? { ids } : {}),
      ...(Object.keys(filter).length > 0 ? { filter } : {}),
      ...(options.all ? { all: true } : {}),
      ...(options.dryRun ? { dryRun: true } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
    };
    const answer = (await call(fetchFn, 'POST', `${base}/ops/dlq/${action}`, token, body)) as ActionAnswer;
    process.stdout.write(
      options.json ? `${JSON.stringify(answer, null, 2)}\n` : renderAction(answer, action),
    );
    // Something named that could not be done is a "no" a script should see.
    return answer.refused.length > 0 || answer.notFound.length > 0 ? EXIT.failed : EXIT.ok;
  });
}

function withFilters(command: Command): Command {
  return command
    .option('--service <name>', 'the service whose topic it came from (detection, enforcement, …)')
    .option('--topic <topic>', 'the topic it came from, e.g. landcase.detection.v1')
    .option('--group <group>', 'the consumer group that gave up on it, e.g. enforcement.open-case')
    .option('--type <type>', 'the CloudEvent type, or only the event name (ClueReported)')
    .option('--error <text>', 'text the error contains (any case)')
    .option('--since <time>', 'dead-lettered at or after this instant (RFC 3339)', parseInstant)
    .option('--until <time>', 'dead-lettered before this instant (RFC 3339)', parseInstant);
}

export function registerDlq(program: Command, done: Done): void {
  const dlq = program
    .command('dlq')
    .summary('list, show, redrive and discard dead letters')
    .description(
      'The dead letters of a running system, through its HTTP API (/ops/dlq, the ops role): messages a ' +
        'consumer gave up on. A redrive sends one back to the topic it came from (a letter redriven 5 ' +
        'times is refused); a discard marks it done. Each redrive and discard is recorded in the audit ledger.',
    );

  withFilters(withConnection(dlq.command('list').summary('list dead letters, oldest first')))
    .addOption(
      new Option('--status <status>', 'which letters (default: pending)').choices([
        'pending',
        'redriven',
        'discarded',
        'all',
      ]),
    )
    .option('--limit <n>', 'show at most n (default: 100)', parseLimit)
    .action(async (options: ListOptions) => done(await listCommand(options)));

  withConnection(dlq.command('show').summary('a dead letter: its CloudEvent and failure headers'), false)
    .argument('<id>', 'the letter id, as list prints it: <dlqTopic>:<partition>:<offset>')
    .action(async (id: string, options: Connection) => done(await showCommand(id, options)));

  for (const action of ['redrive', 'discard'] as const) {
    withFilters(
      withConnection(
        dlq
          .command(action)
          .summary(
            action === 'redrive'
              ? 'send dead letters back to the topics they came from'
              : 'mark dead letters done without sending them',
          ),
      ),
    )
      .argument('[ids...]', 'letter ids; or filter options; or --all')
      .option('--all', 'every pending dead letter')
      .option('--dry-run', 'say what would be done; do nothing')
      .option('--limit <n>', 'act on at most n (default: 100); run again for the rest', parseLimit)
      .option('--reason <text>', 'why, recorded in the audit ledger with each')
      .addHelpText(
        'after',
        `\nExit status 1 when a letter named or matched was refused or not found.\n\nExample:\n  landcase dlq ${action} --service detection --error timeout --dry-run`,
      )
      .action(async (ids: string[], options: ActionOptions) =>
        done(await actionCommand(action, ids, options)),
      );
  }
}
