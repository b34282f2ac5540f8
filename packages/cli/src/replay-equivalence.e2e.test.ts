import { createHash } from 'node:crypto';
import type { CaseStateAt } from '@landcase/audit';
import { SqliteEventStore } from '@landcase/eventstore';
import {
  type Bus,
  type BusMessage,
  type BusSubscription,
  InProcessBus,
  type SubscribeOptions,
} from '@landcase/messaging';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import {
  type Clock,
  createApp,
  createContext,
  type LandcaseApp,
  loadConfig,
  mintToken,
  type Running,
  startServices,
} from '@landcase/service-kit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAPPY_PATH_DECISION_CONTENTS, type Http, type HttpResponse, squareParcel } from './happy-path.ts';
import { ALL_MODULES } from './system.ts';

// Replay equivalence. Random command sequences (the happy path with steps dropped, outcomes
// flipped and other commands thrown in, many of them refused) run through the embedded system,
// one step per second of a clock the test holds still while the step and every reaction to it
// settle. After each step the test records what each service reports for the case. Then the
// audit service's state of the case as of each step's instant must equal what the services
// reported right after that step, and as of now what they report now: the ledger folded through
// the machines gives the services' own answer.

const RUNS = 10;
const BASE = Date.parse('2026-03-02T01:00:00.000Z');

class StillClock implements Clock {
  #now: number;
  constructor(start: number) {
    this.#now = start;
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): Date {
    this.#now += ms;
    return this.now();
  }
}

/**
 * The in-process bus, counting what was published per topic and what each group has handled, so
 * the test knows when the system has settled: nothing in flight and every group through every
 * message of its topics.
 */
class SettlingBus implements Bus {
  readonly #inner = new InProcessBus({ redeliveryDelayMs: 5 });
  readonly #published = new Map<string, number>();
  readonly #handled = new Map<string, number>();
  readonly #groups: { groupId: string; topics: string[] }[] = [];
  #inFlight = 0;

  async publish(topic: string, messages: BusMessage[]): Promise<void> {
    this.#published.set(topic, (this.#published.get(topic) ?? 0) + messages.length);
    await this.#inner.publish(topic, messages);
  }

  subscribe(options: SubscribeOptions): Promise<BusSubscription> {
    this.#groups.push({ groupId: options.groupId, topics: options.topics });
    return this.#inner.subscribe({
      ...options,
      handle: async (delivery) => {
        this.#inFlight++;
        try {
          await options.handle(delivery);
          const key = `${options.groupId}\u0000${delivery.topic}`;
          this.#handled.set(key, (this.#handled.get(key) ?? 0) + 1);
        } finally {
          this.#inFlight--;
        }
      },
    });
  }

  /** Messages published on the service topics (not dead letters). */
  get relayed(): number {
    let n = 0;
    for (const [topic, count] of this.#published) if (!topic.endsWith('.dlq')) n += count;
    return n;
  }

  get idle(): boolean {
    if (this.#inFlight > 0) return false;
    return this.#groups.every(({ groupId, topics }) =>
      topics.every((t) => (this.#handled.get(`${groupId}\u0000${t}`) ?? 0) === (this.#published.get(t) ?? 0)),
    );
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

/** Enough of a logger for the services; the test reads results, not logs. */
const noop = () => {};
const silent: Record<string, unknown> = {
  level: 'silent',
  fatal: noop,
  error: noop,
  warn: noop,
  info: noop,
  debug: noop,
  trace: noop,
  silent: noop,
  isLevelEnabled: () => false,
  bindings: () => ({}),
};
silent.child = () => silent;

interface System {
  app: LandcaseApp;
  clock: StillClock;
  settle(): Promise<void>;
  stop(): Promise<void>;
  token(agency: string, roles?: string[], division?: string): Promise<string>;
}

async function startSystem(): Promise<System> {
  const clock = new StillClock(BASE);
  const store = SqliteEventStore.open(':memory:', { now: () => clock.now(), pollIntervalMs: 10 });
  const bus = new SettlingBus();
  const readModels = new InMemoryReadModelStore();
  const ctxs = ALL_MODULES.map((m) =>
    createContext(m.name, { store, bus, readModels }, { log: silent as never, clock }),
  );
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const app = createApp({
    config,
    modules: ALL_MODULES,
    ctxFor: (m) => ctxs.find((c) => c.service === m.name)!,
    logger: silent as never,
  });
  await app.ready();
  const running: Running = await startServices(ctxs, ALL_MODULES);
  let stored = 0;
  const storedEvents = async () => {
    for (;;) {
      const page = await store.readAll({ fromPosition: stored, maxCount: 1000 });
      if (page.length === 0) return stored;
      stored = page.at(-1)!.position;
    }
  };
  return {
    app,
    clock,
    // Settled: every stored event relayed, every group through its topics, twice in a row (a
    // relay hands events over on the next turn of the event loop).
    async settle() {
      let calm = 0;
      for (let polls = 0; calm < 2; polls++) {
        if (polls > 4000) throw new Error('the system did not settle');
        await new Promise((r) => setTimeout(r, 2));
        calm = bus.idle && bus.relayed === (await storedEvents()) ? calm + 1 : 0;
      }
    },
    async stop() {
      await app.close();
      await running.stop();
      await bus.close();
      await store.close();
    },
    token: (agency, roles = ['officer', 'head'], division = '141181') =>
      mintToken(config.jwtSecret, { sub: `${agency}-user`, agency, division, roles } as never),
  };
}

function injectHttp(app: LandcaseApp): Http {
  return async (method, url, options = {}) => {
    const res = await app.inject({
      method,
      url,
      headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
    let body: unknown = res.body;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.statusCode, headers: res.headers as HttpResponse['headers'], body };
  };
}

// ---------------------------------------------------------------------------------------------
// Commands: the routes of the four case services, with bodies made from a step's choices.

interface Step {
  command: CommandName;
  /** Picks among variants (verdict, area, which referral, which agency). */
  pick: number;
  /** The outcome of a yes/no field; true is the happy path's answer. */
  yes: boolean;
}

interface Case {
  caseId: string;
  referrals: { id: string; to: string }[];
  at: string;
  n: number;
}

type Request = { url: string; agency: string; body: Record<string, unknown> };
type CommandName = keyof typeof COMMANDS;

const DAY = 86_400_000;
const REQUIRED_KINDS = ['referral-letter', 'investigation-report', 'evidence-list'] as const;
const documentText = (kind: string) => `${kind}: the same bytes in every run`;
const measures = ['demolish', 'restore', 'fine'];
const enf = (c: Case, path: string) => `/enforcement/cases/${c.caseId}/${path}`;
const rem = (c: Case, path: string) => `/remediation/cases/${c.caseId}/${path}`;
const referralOf = (c: Case, pick: number) =>
  c.referrals.length > 0 ? c.referrals[pick % c.referrals.length] : undefined;
const onReferral =
  (path: string, as: 'sender' | 'receiver', body: (s: Step, c: Case) => Record<string, unknown>) =>
  (s: Step, c: Case): Request | undefined => {
    const r = referralOf(c, s.pick);
    return (
      r && {
        url: `/referral/referrals/${r.id}/${path}`,
        agency: as === 'sender' ? 'nrb' : r.to,
        body: body(s, c),
      }
    );
  };

const COMMANDS = {
  verify: (s: Step, c: Case): Request => {
    const verdict = ['illegal', 'illegal', 'illegal', 'legal', 'no_change'][s.pick % 5]!;
    const [areaMu, landClass] = (
      [
        [6.2, 'pbf'],
        [3.1, 'pbf'],
        [12, 'farmland'],
      ] as const
    )[s.pick % 3]!;
    return {
      url: `/detection/clues/${c.caseId}/verification`,
      agency: 'nrb',
      body: {
        verdict,
        areaMu,
        landClass,
        ongoing: s.yes,
        ...(verdict === 'illegal'
          ? { party: { name: 'Fenyang Brick Works Ltd', kind: 'organization' } }
          : {}),
        ...(verdict === 'legal' ? { approvalRef: `APPROVAL-${c.n}` } : {}),
      },
    };
  },
  dispatch: (_s: Step, c: Case): Request => ({
    url: `/detection/clues/${c.caseId}/dispatch`,
    agency: 'nrb',
    // Down to a township of the county: the law sends a clue nowhere else (clue.dispatch.down).
    body: { toDivisionCode: '141181001' },
  }),
  stopOrder: (_s: Step, c: Case): Request => ({
    url: enf(c, 'stop-order'),
    agency: 'nrb',
    body: { servedAt: c.at, documentRef: `STOP-${c.n}` },
  }),
  stopConfirmation: (s: Step, c: Case): Request => ({
    url: enf(c, 'stop-confirmation'),
    agency: 'nrb',
    body: { stopped: s.yes, observedAt: c.at },
  }),
  filing: (_s: Step, c: Case): Request => ({
    url: enf(c, 'filing'),
    agency: 'nrb',
    body: { filingNo: `FILING-${c.n}`, filedAt: c.at },
  }),
  penaltyNotice: (_s: Step, c: Case): Request => ({
    url: enf(c, 'penalty-notice'),
    agency: 'nrb',
    body: { measures, noticeRef: `NOTICE-${c.n}` },
  }),
  hearing: (s: Step, c: Case): Request => ({
    url: enf(c, 'hearing'),
    agency: 'nrb',
    body: s.yes ? { requested: false } : { requested: true, heldAt: c.at },
  }),
  // A major case (the fine alone makes it one) is reviewed before its decision; no to either
  // review records one that did not approve, and the decision then stays refused.
  legalReview: (s: Step, c: Case): Request => ({
    url: enf(c, 'legal-review'),
    agency: 'nrb',
    body: {
      reviewer: 'legal section',
      conclusion: s.yes ? 'approved' : 'not_approved',
      opinion: 'o',
      completedAt: c.at,
    },
  }),
  collectiveReview: (s: Step, c: Case): Request => ({
    url: enf(c, 'collective-review'),
    agency: 'nrb',
    body: { members: ['head', 'deputy head'], conclusion: s.yes ? 'approved' : 'not_approved', heldAt: c.at },
  }),
  penaltyDecision: (s: Step, c: Case): Request => ({
    url: enf(c, 'penalty-decision'),
    agency: 'nrb',
    body: {
      measures: s.yes ? measures : ['fine'],
      fineYuan: 124_000,
      complyBy: new Date(Date.parse(c.at) + 90 * DAY).toISOString(),
      decisionRef: `DECISION-${c.n}`,
      ...HAPPY_PATH_DECISION_CONTENTS,
    },
  }),
  compliance: (s: Step, c: Case): Request => ({
    url: enf(c, 'compliance'),
    agency: 'nrb',
    body: { complied: s.yes, observedAt: c.at },
  }),
  courtApplication: (_s: Step, c: Case): Request => ({
    url: enf(c, 'court-application'),
    agency: 'nrb',
    body: { reminderServedAt: c.at, appliedAt: c.at },
  }),
  courtRuling: (s: Step, c: Case): Request => ({
    url: enf(c, 'court-ruling'),
    agency: 'court',
    body: { granted: s.yes, rulingRef: `RULING-${c.n}` },
  }),
  closure: (_s: Step, c: Case): Request => ({
    url: enf(c, 'closure'),
    agency: 'nrb',
    body: { summary: 'done' },
  }),
  referral: (s: Step, c: Case): Request => ({
    url: '/referral/referrals',
    agency: 'nrb',
    body: {
      caseId: c.caseId,
      to: ['proc', 'court', 'disc'][s.pick % 3],
      reason: 'by hand',
      documents: [{ kind: 'letter', ref: `LETTER-${c.n}` }],
    },
  }),
  approval: onReferral('approval', 'sender', (s) => ({ approved: s.yes, note: 'n' })),
  // The kinds every referral must carry before dispatch (referral.documents.*), one per pick.
  // The kinds every referral must carry before dispatch (referral.documents.*): the kind by the
  // pick, the referral by the pick's third, so that the happy path's three go to its first referral.
  attach: (s: Step, c: Case): Request | undefined => {
    const kind = REQUIRED_KINDS[s.pick % REQUIRED_KINDS.length]!;
    return onReferral('documents', 'sender', () => ({
      name: `${kind}.txt`,
      kind,
      mediaType: 'text/plain',
      content: Buffer.from(documentText(kind)).toString('base64'),
    }))({ ...s, pick: Math.floor(s.pick / REQUIRED_KINDS.length) }, c);
  },
  referralDispatch: onReferral('dispatch', 'sender', () => ({})),
  receipt: onReferral('receipt', 'receiver', () => ({
    documents: REQUIRED_KINDS.map((kind) => createHash('sha256').update(documentText(kind)).digest('hex')),
  })),
  decision: onReferral('decision', 'receiver', (s, c) => ({
    accepted: s.yes,
    reason: s.yes ? 'meets the threshold' : 'not a crime',
    ...(s.yes ? { filingNo: `RECEIVED-${c.n}` } : {}),
  })),
  reconsideration: onReferral('reconsideration', 'sender', () => ({ reason: 'please reconsider' })),
  feedback: onReferral('feedback', 'receiver', () => ({ outcome: 'prosecuted', documents: [] })),
  progress: (s: Step, c: Case): Request => ({
    url: rem(c, 'progress'),
    agency: 'gov',
    body: { step: s.pick % 2 === 0 ? 'demolished' : 'recultivated', observedAt: c.at, evidence: [] },
  }),
  acceptance: (s: Step, c: Case): Request => ({
    url: rem(c, 'acceptance'),
    agency: s.pick % 2 === 0 ? 'nrb' : 'agri',
    body: { passed: s.yes, note: 'n' },
  }),
};

/** The happy path as steps (pick chosen so the happy variant comes out). */
const HAPPY: Omit<Step, 'yes'>[] = [
  { command: 'verify', pick: 0 },
  { command: 'stopOrder', pick: 0 },
  { command: 'stopConfirmation', pick: 0 },
  { command: 'filing', pick: 0 },
  { command: 'penaltyNotice', pick: 0 },
  { command: 'hearing', pick: 0 },
  { command: 'legalReview', pick: 0 },
  { command: 'collectiveReview', pick: 0 },
  { command: 'penaltyDecision', pick: 0 },
  { command: 'approval', pick: 0 },
  { command: 'attach', pick: 0 },
  { command: 'attach', pick: 1 },
  { command: 'attach', pick: 2 },
  { command: 'referralDispatch', pick: 0 },
  { command: 'receipt', pick: 0 },
  { command: 'decision', pick: 0 },
  { command: 'approval', pick: 1 },
  { command: 'compliance', pick: 0 },
  { command: 'progress', pick: 0 },
  { command: 'progress', pick: 1 },
  { command: 'acceptance', pick: 0 },
  { command: 'acceptance', pick: 1 },
  { command: 'closure', pick: 0 },
];

const stepArb: fc.Arbitrary<Step> = fc.record({
  command: fc.constantFrom(...(Object.keys(COMMANDS) as CommandName[])),
  pick: fc.nat({ max: 11 }),
  yes: fc.boolean(),
});

/** The happy path with some steps dropped, some answers flipped and random commands thrown in. */
const sequenceArb: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.array(fc.record({ keep: fc.nat({ max: 9 }), yes: fc.nat({ max: 4 }), pick: fc.nat({ max: 11 }) }), {
      minLength: HAPPY.length,
      maxLength: HAPPY.length,
    }),
    fc.array(fc.tuple(fc.nat({ max: HAPPY.length }), stepArb), { maxLength: 6 }),
  )
  .map(([variations, extras]) => {
    const steps: Step[] = [];
    HAPPY.forEach((h, i) => {
      const v = variations[i]!;
      if (v.keep === 0) return;
      // Mostly the happy variant; now and then another verdict, area or referral.
      steps.push({ ...h, pick: v.pick < 8 ? h.pick : v.pick, yes: v.yes !== 0 });
    });
    for (const [at, step] of extras) steps.splice(Math.min(at, steps.length), 0, step);
    return steps;
  });

// ---------------------------------------------------------------------------------------------

interface Reported {
  detection: string | null;
  enforcement: string | null;
  referral: Record<string, string>;
  remediation: string | null;
}

let sys: System;
let http: Http;
const tokens = new Map<string, string>();
const tokenOf = async (agency: string) => {
  if (!tokens.has(agency)) tokens.set(agency, await sys.token(agency));
  return tokens.get(agency)!;
};
/**
 * The readers of both sides, the services' and the ledger's, are the city's: a random dispatch
 * takes the clue down to a township (141181001), where the county's officers no longer act on it,
 * while the city sees every division below it.
 */
const CITY = '141100';
const readers = new Map<string, string>();
const readerOf = async (agency: 'nrb' | 'audit') => {
  if (!readers.has(agency))
    readers.set(agency, await sys.token(agency, agency === 'audit' ? ['auditor'] : undefined, CITY));
  return readers.get(agency)!;
};

beforeAll(async () => {
  sys = await startSystem();
  http = injectHttp(sys.app);
});
afterAll(async () => {
  await sys?.stop();
});

async function reported(caseId: string): Promise<Reported> {
  const nrb = await readerOf('nrb');
  const stateOf = async (url: string) => {
    const res = await http('GET', url, { token: nrb });
    if (res.status === 404) return null;
    expect(res.status, `GET ${url}: ${JSON.stringify(res.body)}`).toBe(200);
    return String(res.body.state);
  };
  const list = await http('GET', `/referral/referrals?caseId=${encodeURIComponent(caseId)}&limit=100`, {
    token: nrb,
  });
  expect(list.status).toBe(200);
  return {
    detection: await stateOf(`/detection/clues/${caseId}`),
    enforcement: await stateOf(`/enforcement/cases/${caseId}`),
    referral: Object.fromEntries(
      (list.body.items as { id: string; state: string }[]).map((r) => [r.id, r.state]),
    ),
    remediation: await stateOf(`/remediation/cases/${caseId}`),
  };
}

function fromAudit(state: CaseStateAt): Reported {
  const { detection, enforcement, referral, remediation } = state.services;
  return {
    detection: detection?.state ?? null,
    enforcement: enforcement?.state ?? null,
    referral: Object.fromEntries(Object.entries(referral).map(([id, s]) => [id, s.state])),
    remediation: remediation?.state ?? null,
  };
}

let runs = 0;

describe('replay equivalence', () => {
  it(`the audit state as of any step equals what the services reported right after it (${RUNS} random sequences)`, async () => {
    await fc.assert(
      fc.asyncProperty(sequenceArb, async (steps) => {
        const n = ++runs;
        const log: string[] = [];
        sys.clock.advance(60_000);
        const clue = await http('POST', '/detection/clues', {
          token: await tokenOf('grid'),
          body: {
            source: 'satellite',
            externalRef: `replay-equivalence-${n}-${sys.clock.now().getTime()}`,
            divisionCode: '141181',
            landClass: 'pbf',
            parcel: squareParcel(),
            observedAt: sys.clock.now().toISOString(),
            evidence: [],
          },
        });
        expect(clue.status).toBe(201);
        const c: Case = { caseId: clue.body.caseId, referrals: [], at: '', n };
        await sys.settle();
        const history: { at: string; services: Reported }[] = [
          { at: sys.clock.now().toISOString(), services: await reported(c.caseId) },
        ];

        for (const step of steps) {
          c.at = sys.clock.advance(1_000).toISOString();
          const request = COMMANDS[step.command](step, c);
          if (request) {
            const res = await http('POST', request.url, {
              token: await tokenOf(request.agency),
              body: request.body,
            });
            log.push(`${c.at} ${step.command} ${request.url} → ${res.status}`);
            expect(res.status, log.join('\n')).toBeLessThan(500);
          } else {
            log.push(`${c.at} ${step.command}: no referral yet`);
          }
          await sys.settle();
          const services = await reported(c.caseId);
          c.referrals = Object.keys(services.referral)
            .sort()
            .map((id) => ({ id, to: id.slice(id.lastIndexOf('.') + 1) }));
          history.push({ at: c.at, services });
        }
        // Referrals drafted by hand have ids of their own; ask which agency each goes to.
        for (const r of c.referrals) {
          const res = await http('GET', `/referral/referrals/${r.id}`, { token: await readerOf('nrb') });
          r.to = res.body.to;
        }

        const auditor = await readerOf('audit');
        const stateAt = async (at?: string) => {
          const q = at === undefined ? '' : `?at=${encodeURIComponent(at)}`;
          const res = await http('GET', `/audit/cases/${c.caseId}/state${q}`, { token: auditor });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          return fromAudit(res.body as CaseStateAt);
        };
        for (const { at, services } of history) {
          expect(await stateAt(at), `as of ${at}\n${log.join('\n')}`).toEqual(services);
        }
        expect(await stateAt(), `now\n${log.join('\n')}`).toEqual(history.at(-1)!.services);
      }),
      {
        numRuns: RUNS,
        // A dispatch to a township first: the clue leaves the county's hands.
        examples: [[[{ command: 'dispatch', pick: 0, yes: false }]]],
      },
    );
  });
});
