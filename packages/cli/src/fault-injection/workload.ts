import { creditCodeFor } from '@landcase/lifecycle/test-support';
import { eventually, type Http, happyPathClue } from '../happy-path.ts';

// Cases driven through a path that crosses services over the broker: detection records and
// verifies a clue; enforcement opens the case in reaction (CaseOpened), serves the stop order,
// confirms the stop and files it; referral drafts the referrals to the police and the discipline
// commission in reaction to the filing (ReferralDrafted ×2); audit enters every event in its
// ledger. Afterwards each case is read back (states, and the ledger's timeline) and compared with a
// case that ran undisturbed, which gives the events lost and the events doubled.

export interface Tokens {
  grid: string;
  nrb: string;
  audit: string;
}

export async function workloadTokens(
  token: (agency: string, roles: string[]) => Promise<string>,
): Promise<Tokens> {
  return {
    grid: await token('grid', ['officer']),
    nrb: await token('nrb', ['officer', 'head']),
    audit: await token('audit', ['auditor']),
  };
}

function expect2xx(res: { status: number; body: unknown }, step: string): any {
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`${step}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

/** Counts what is done, and lets a fault wait until so much more is. */
export class Progress {
  #done = 0;
  #waiters: { at: number; resolve: () => void }[] = [];
  get done(): number {
    return this.#done;
  }
  step(): void {
    this.#done++;
    for (const w of this.#waiters.filter((w) => w.at <= this.#done)) w.resolve();
    this.#waiters = this.#waiters.filter((w) => w.at > this.#done);
  }
  /** Resolves once `at` units are done. */
  reached(at: number): Promise<void> {
    if (at <= this.#done) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ at, resolve }));
  }
}

export interface CaseHooks {
  /** Counts the clues verified: a case past it waits on the broker for enforcement to open it. */
  verified?: Progress;
  /** Runs before the case is filed (the filing is what the referral service reacts to). */
  beforeFiling?: (caseId: string) => Promise<void> | void;
}

/** One case from clue to filing; resolves with its id once the filing is recorded. */
export async function driveCase(
  http: Http,
  tokens: Tokens,
  externalRef: string,
  hooks: CaseHooks = {},
): Promise<string> {
  const post = async (url: string, token: string, body: unknown, step: string) =>
    expect2xx(await http('POST', url, { token, body }), step);
  const clue = await post('/detection/clues', tokens.grid, happyPathClue(externalRef), 'report clue');
  const caseId: string = clue.caseId;
  await post(
    `/detection/clues/${caseId}/verification`,
    tokens.nrb,
    {
      verdict: 'illegal',
      areaMu: 6.2,
      landClass: 'pbf',
      ongoing: true,
      // A party of its own per case (name and credit code): no case is suspected the same party as another.
      party: {
        name: `Brick Works ${externalRef}`,
        kind: 'organization',
        idNumber: creditCodeFor(externalRef),
      },
    },
    'verify clue',
  );
  hooks.verified?.step();
  // Opened by enforcement's reaction to ClueVerified, over the broker: bounded only to catch a hang.
  await eventually(
    `case ${caseId} opened`,
    async () => {
      const res = await http('GET', `/enforcement/cases/${caseId}`, { token: tokens.nrb });
      return res.status === 200 ? true : undefined;
    },
    { timeoutMs: 150_000, intervalMs: 200 },
  );
  const c = (path: string) => `/enforcement/cases/${caseId}/${path}`;
  await post(
    c('stop-order'),
    tokens.nrb,
    { servedAt: '2026-03-03T10:00:00+08:00', documentRef: 'FY-STOP-2026-017' },
    'stop order',
  );
  await post(
    c('stop-confirmation'),
    tokens.nrb,
    { stopped: true, observedAt: '2026-03-04T10:00:00+08:00' },
    'stop confirmation',
  );
  await hooks.beforeFiling?.(caseId);
  await post(
    c('filing'),
    tokens.nrb,
    { filingNo: 'FY-LA-2026-031', filedAt: '2026-03-06T10:00:00+08:00' },
    'filing',
  );
  return caseId;
}

/** `count` cases, `concurrency` at a time; `progress` counts the filings. */
export async function driveCases(
  http: Http,
  tokens: Tokens,
  options: { count: number; tag: string; concurrency?: number; progress?: Progress; verified?: Progress },
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.count) {
      const i = next++;
      ids[i] = await driveCase(
        http,
        tokens,
        `${options.tag}-${i}`,
        options.verified ? { verified: options.verified } : {},
      );
      options.progress?.step();
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 12, options.count) }, worker));
  return ids;
}

/** What a case came to, with nothing in it that differs between two cases run alike. */
export interface CaseFacts {
  clue: string;
  enforcement: string;
  /** `<to>:<state>`, sorted. */
  referrals: string[];
  /** The ledger's entries of the case by event name. */
  events: Record<string, number>;
  /** Ledger entries whose CloudEvent id an earlier entry of the case already has. */
  repeatedIds: number;
}

const eventName = (type: string): string => type.split('.').at(-2) ?? type;

export async function readCase(http: Http, tokens: Tokens, caseId: string): Promise<CaseFacts> {
  const get = async (url: string, token = tokens.nrb) =>
    expect2xx(await http('GET', url, { token }), `GET ${url}`);
  const [clue, enforcement, referrals, timeline] = await Promise.all([
    get(`/detection/clues/${caseId}`),
    get(`/enforcement/cases/${caseId}`),
    get(`/referral/referrals?caseId=${caseId}&limit=500`),
    get(`/audit/cases/${caseId}/timeline`, tokens.audit),
  ]);
  const events: Record<string, number> = {};
  const ids = new Set<string>();
  let repeatedIds = 0;
  for (const entry of timeline.events as { id: string; type: string }[]) {
    const name = eventName(entry.type);
    events[name] = (events[name] ?? 0) + 1;
    if (ids.has(entry.id)) repeatedIds++;
    ids.add(entry.id);
  }
  return {
    clue: clue.state,
    enforcement: enforcement.state,
    referrals: (referrals.items as { to: string; state: string }[]).map((r) => `${r.to}:${r.state}`).sort(),
    events,
    repeatedIds,
  };
}

export interface Difference {
  /** Events the reference case has and this one lacks. */
  lost: number;
  /** Events beyond the reference's count, and ledger entries repeating an event id. */
  doubled: number;
  /** A state or referral that differs from the reference's. */
  states: string[];
}

export function differenceFrom(reference: CaseFacts, facts: CaseFacts): Difference {
  let lost = 0;
  let doubled = facts.repeatedIds;
  for (const name of new Set([...Object.keys(reference.events), ...Object.keys(facts.events)])) {
    const delta = (facts.events[name] ?? 0) - (reference.events[name] ?? 0);
    if (delta < 0) lost -= delta;
    else doubled += delta;
  }
  const states: string[] = [];
  if (facts.clue !== reference.clue) states.push(`clue ${facts.clue}`);
  if (facts.enforcement !== reference.enforcement) states.push(`case ${facts.enforcement}`);
  if (facts.referrals.join() !== reference.referrals.join())
    states.push(`referrals ${facts.referrals.join()}`);
  return { lost, doubled, states };
}

const same = (d: Difference) => d.lost === 0 && d.doubled === 0 && d.states.length === 0;

export interface Tally {
  lost: number;
  doubled: number;
  /** Cases whose states differ from the reference's, with how. */
  differing: Record<string, string[]>;
}

/**
 * Waits until every case matches the reference, up to `timeoutMs`, then reads every case once
 * more: a duplicate delivered after a case first matched shows in that last reading.
 */
export async function settle(
  http: Http,
  tokens: Tokens,
  caseIds: readonly string[],
  reference: CaseFacts,
  { timeoutMs = 120_000, intervalMs = 500, concurrency = 4 } = {},
): Promise<Tally> {
  // While the system catches up, a round stops at the first case not there yet: reading the
  // others then would only take the processor from the catching up.
  const readAll = async (ids: readonly string[], untilBehind: boolean) => {
    const out = new Map<string, Difference>();
    let next = 0;
    let behind = false;
    const worker = async () => {
      while (next < ids.length && !(untilBehind && behind)) {
        const id = ids[next++]!;
        // A case a read model does not hold yet is not there yet, not a failure of the run.
        const facts = await readCase(http, tokens, id).catch((error: Error) => error);
        const d =
          facts instanceof Error
            ? { lost: 0, doubled: 0, states: [`unreadable: ${facts.message}`] }
            : differenceFrom(reference, facts);
        out.set(id, d);
        if (!same(d)) behind = true;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return out;
  };
  const deadline = Date.now() + timeoutMs;
  let pending = [...caseIds];
  while (pending.length > 0 && Date.now() < deadline) {
    const read = await readAll(pending, true);
    pending = pending.filter((id) => {
      const d = read.get(id);
      return d === undefined || !same(d);
    });
    if (pending.length > 0) await new Promise((r) => setTimeout(r, intervalMs));
  }
  const last = await readAll(caseIds, false);
  const tally: Tally = { lost: 0, doubled: 0, differing: {} };
  for (const [id, d] of last) {
    tally.lost += d.lost;
    tally.doubled += d.doubled;
    if (d.states.length > 0) tally.differing[id] = d.states;
  }
  return tally;
}

/** The undisturbed case, once its reactions and the ledger have all caught up with it. */
export async function referenceCase(http: Http, tokens: Tokens, caseId: string): Promise<CaseFacts> {
  const facts = await eventually(
    `the undisturbed case ${caseId} settled`,
    async () => {
      const f = await readCase(http, tokens, caseId);
      // Both referrals drafted, and the path's last events in the ledger.
      return f.referrals.length === 2 && f.events.ReferralDrafted === 2 && f.events.CaseFiled ? f : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  );
  const reactions = { CaseOpened: facts.events.CaseOpened, ReferralDrafted: facts.events.ReferralDrafted };
  if (reactions.CaseOpened !== 1 || reactions.ReferralDrafted !== 2 || facts.repeatedIds !== 0) {
    throw new Error(`the undisturbed case is not one to compare with: ${JSON.stringify(facts)}`);
  }
  return facts;
}

/** The line each fault-injection test prints, gathered into README's "Fault injection" table. */
export function logFigures(figures: {
  test: string;
  cases: number;
  faults: number;
  lost: number;
  doubled: number;
  seconds: number;
  [more: string]: string | number;
}): void {
  const line = Object.entries(figures)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : v}`)
    .join(' ');
  console.log(`[fault-injection] ${line}`);
}
