import { parseArgs } from 'node:util';
import type { CaseStateAt, ServiceState, TimelineEntry } from '@landcase/audit';
import { merkle } from '@landcase/audit';
import { loadConfig, mintToken } from '@landcase/service-kit';

// `landcase replay <caseId> --at <time>`: a case as it stood at an instant, read from the audit
// service (`/audit/cases/{id}/state?at=` and `/timeline`) and printed as two plain-text tables:
// each service's state with the event and actor that produced it and the rule-set version behind
// it, then the timeline up to that instant with actors, documents and missed deadlines.

const USAGE = `usage: landcase replay <caseId> [--at <RFC 3339 time>] [--url http://localhost:8080] [--token <bearer>]
  --at      the instant (default: now), e.g. 2026-03-05T10:00:00+08:00
  --url     the landcase server (default: $LANDCASE_URL or http://localhost:8080)
  --token   a bearer token of an auditor or the bureau (default: $LANDCASE_TOKEN, else an auditor
            token signed with this machine's LANDCASE_JWT_SECRET, which a local server accepts)
`;

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

export async function replayCommand(argv: string[], fetchFn: Fetch = fetch): Promise<number> {
  let values: { at?: string | undefined; url?: string | undefined; token?: string | undefined };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { at: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } },
      allowPositionals: true,
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const caseId = positionals[0];
  if (!caseId || positionals.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const at = values.at ?? new Date().toISOString();
  if (!merkle.isRfc3339(at)) {
    process.stderr.write(`--at must be an RFC 3339 date-time such as 2026-03-05T10:00:00+08:00, got ${at}\n`);
    return 2;
  }
  const base = (values.url ?? process.env.LANDCASE_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
  const token =
    values.token ??
    process.env.LANDCASE_TOKEN ??
    (await mintToken(loadConfig(process.env).jwtSecret, {
      sub: 'landcase-replay',
      agency: 'audit',
      division: '000000',
      roles: ['auditor'],
    }));
  const path = `${base}/audit/cases/${encodeURIComponent(caseId)}`;
  try {
    const state = (await getJson(
      fetchFn,
      `${path}/state?at=${encodeURIComponent(at)}`,
      token,
    )) as CaseStateAt;
    const timeline = (await getJson(fetchFn, `${path}/timeline`, token)) as Timeline;
    process.stdout.write(renderReplay(state, timeline, at));
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
