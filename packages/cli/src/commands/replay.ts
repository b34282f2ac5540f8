import type { CaseStateAt, ServiceState, TimelineEntry } from '@landcase/audit';
import { merkle } from '@landcase/audit';
import { type Command, InvalidArgumentError } from 'commander';
import { type Done, EXIT } from '../exit-codes.ts';
import { mintCliToken } from './token.ts';

// `landcase replay <caseId> --at <time>`: a case as it stood at an instant, read from the audit
// service (`/audit/cases/{id}/state?at=` and `/timeline`) and printed as two plain-text tables:
// each service's state with the event and actor that produced it and the rule-set version behind
// it, then the timeline up to that instant with actors, documents and missed deadlines.

export interface Timeline {
  caseId: string;
  deadlinesMissed?: number;
  events: TimelineEntry[];
}

type Fetch = (url: string, init: { headers: Record<string, string> }) => Promise<Response>;

const MAX_CELL = 48;

function cell(value: string): string {
  const flat = value.replace(/\s+/g, ' ');
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
}

/** Left-aligned columns, two spaces apart, numbers right-aligned. */
export function table(header: string[], rows: string[][], numeric: boolean[] = []): string[] {
  const cells = [header, ...rows].map((row) => row.map(cell));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]) =>
    row
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)];
}

function stateRow(name: string, s: ServiceState | null): string[] {
  if (!s) return [name, '-', '0', '', '', '', '', ''];
  const by = s.producedBy;
  return [
    name,
    s.state,
    String(s.events),
    by?.event ?? '(none applied)',
    by?.time ?? '',
    by?.actor ?? '',
    s.ruleSetVersion ?? '-',
    s.notApplied.length > 0 ? `not applied: ${s.notApplied.map((n) => n.name).join(', ')}` : '',
  ];
}

function notesOf(e: TimelineEntry): string {
  const notes: string[] = [];
  if (e.deadlineMissed) {
    notes.push(
      `DEADLINE MISSED: ${e.deadlineMissed.deadlineId} due ${e.deadlineMissed.dueAt} (${e.deadlineMissed.rule})`,
    );
  }
  if (e.ruleSetVersion) notes.push(`rule set ${e.ruleSetVersion}`);
  return notes.join('; ');
}

/** A referral id without the case id it starts with (`<caseId>.psb` → `psb`). */
const referralLabel = (caseId: string, id: string): string =>
  id.startsWith(`${caseId}.`) ? id.slice(caseId.length + 1) : id;

/** The text `landcase replay` prints. */
export function renderReplay(state: CaseStateAt, timeline: Timeline, asked: string): string {
  const at = Date.parse(state.at);
  const upTo = timeline.events.filter((e) => Date.parse(e.time) <= at);
  const later = timeline.events.length - upTo.length;
  const missed = upTo.filter((e) => e.deadlineMissed).length;
  const { services } = state;
  const referrals = Object.entries(services.referral).sort(([a], [b]) => a.localeCompare(b));
  const recommendations = Object.entries(services.recommendation).sort(([a], [b]) => a.localeCompare(b));
  // Ledgers written before possible same parties existed hold none.
  const partyMatches = Object.entries(services.partyMatch ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const lines = [
    `Case ${state.caseId} as of ${asked}${asked === state.at ? '' : ` (${state.at})`}`,
    '',
    'State in each service',
    ...table(
      ['SERVICE', 'STATE', 'EVENTS', 'SET BY', 'AT', 'ACTOR', 'RULE SET', 'NOTES'],
      [
        stateRow('detection', services.detection),
        stateRow('enforcement', services.enforcement),
        ...(referrals.length > 0
          ? referrals.map(([id, s]) => stateRow(`referral ${referralLabel(state.caseId, id)}`, s))
          : [stateRow('referral', null)]),
        ...recommendations.map(([id, s]) => stateRow(`recommendation ${id}`, s)),
        ...partyMatches.map(([id, s]) => stateRow(`party match ${id}`, s)),
        stateRow('remediation', services.remediation),
      ],
      [false, false, true],
    ),
    '',
    `Timeline: ${upTo.length} entr${upTo.length === 1 ? 'y' : 'ies'} up to the instant` +
      (later > 0 ? `, ${later} later not shown` : '') +
      (missed > 0 ? `; ${missed} deadline${missed === 1 ? '' : 's'} missed` : ''),
    ...table(
      ['POS', 'SEQ', 'TIME', 'SERVICE', 'EVENT', 'ACTOR', 'DOCUMENTS', 'NOTES', 'HASH'],
      upTo.map((e) => [
        String(e.position),
        String(e.sequence),
        e.time,
        e.service,
        e.name,
        e.actor,
        (e.documents ?? []).map((d) => d.ref).join(', '),
        notesOf(e),
        e.hash.slice(0, 12),
      ]),
      [true, true],
    ),
  ];
  return `${lines.join('\n')}\n`;
}

async function getJson(fetchFn: Fetch, url: string, token: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchFn(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  } catch (error) {
    throw new Error(`cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!res.ok) {
    const detail = (body as { detail?: string; title?: string } | undefined)?.detail ?? text;
    throw new Error(`GET ${url}: ${res.status} ${detail}`);
  }
  return body;
}

export interface ReplayOptions {
  /** RFC 3339; default now. */
  at?: string;
  url?: string;
  token?: string;
  /** The division of the auditor token minted when none is given. */
  division?: string;
}

/** An auditor reads the cases of its division and those below it: the province's reads the examples' counties. */
const DEFAULT_AUDITOR_DIVISION = '140000';

function parseDivision(value: string): string {
  if (!/^[0-9]{6}$/.test(value) || value === '000000') {
    throw new InvalidArgumentError('Expected a 6-digit division code such as 140000 (a province) or 141181.');
  }
  return value;
}

function parseInstant(value: string): string {
  if (!merkle.isRfc3339(value)) {
    throw new InvalidArgumentError('Expected an RFC 3339 date-time such as 2026-03-05T10:00:00+08:00.');
  }
  return value;
}

/** Prints the case as of `options.at`; the exit status (1 when the server cannot answer). */
export async function replayCommand(
  caseId: string,
  options: ReplayOptions,
  fetchFn: Fetch = fetch,
): Promise<number> {
  const at = options.at ?? new Date().toISOString();
  const base = (options.url ?? process.env.LANDCASE_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
  const path = `${base}/audit/cases/${encodeURIComponent(caseId)}`;
  try {
    const token =
      options.token ??
      process.env.LANDCASE_TOKEN ??
      (await mintCliToken(
        {
          sub: 'landcase-replay',
          agency: 'audit',
          division: options.division ?? DEFAULT_AUDITOR_DIVISION,
          roles: ['auditor'],
          ttl: '5m',
        },
        process.env,
      ));
    const state = (await getJson(
      fetchFn,
      `${path}/state?at=${encodeURIComponent(at)}`,
      token,
    )) as CaseStateAt;
    const timeline = (await getJson(fetchFn, `${path}/timeline`, token)) as Timeline;
    process.stdout.write(renderReplay(state, timeline, at));
    return EXIT.ok;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

export function registerReplay(program: Command, done: Done): void {
  program
    .command('replay')
    .summary("a case's state in each service, and its timeline, as of an instant")
    .description(
      "Print a case as it stood at an instant, from the audit service: each service's state with the event " +
        'and actor that produced it and the rule-set version behind it, then the timeline up to that instant.',
    )
    .argument('<caseId>', 'the case, e.g. LC-141181-20260302-0a1b2c3d')
    .option('--at <time>', 'the instant, RFC 3339 (default: now)', parseInstant)
    .option('--url <url>', 'the landcase server (default: $LANDCASE_URL or http://localhost:8080)')
    .option(
      '--token <bearer>',
      "an auditor's or the bureau's token (default: $LANDCASE_TOKEN, else an auditor token signed with " +
        "this machine's LANDCASE_JWT_SECRET, which a local server accepts)",
    )
    .option(
      '--division <code>',
      `the division of that auditor token: it reads the cases of that division and below (default: ${DEFAULT_AUDITOR_DIVISION})`,
      parseDivision,
    )
    .action(async (caseId: string, options: ReplayOptions) => {
      done(await replayCommand(caseId, options));
    });
}
