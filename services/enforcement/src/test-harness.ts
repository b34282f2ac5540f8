import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type Agency,
  type CloudEvent,
  type ServiceName,
  sourceOf,
  topicOf,
  typeOf,
} from '@landcase/contracts';
import { type EventStore, type RecordedEvent, SqliteEventStore } from '@landcase/eventstore';
import { type Bus, InProcessBus } from '@landcase/messaging';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import {
  type Clock,
  createApp,
  createContext,
  type LandcaseApp,
  loadConfig,
  mintToken,
  type Running,
  type ServiceContext,
  type ServiceModule,
  startServices,
} from '@landcase/service-kit';
import pino from 'pino';

// The embedded setup the unit tests drive over HTTP (app.inject): SQLite in memory, the in-process
// bus, in-memory read models, a fixed clock and tokens signed with the test secret.

export const NOW = new Date('2026-03-05T02:00:00.000Z');
const SECRET = 'landcase-unit-test-secret-0123456789abcdef';

export interface Response {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the route answered
  body: any;
}

/** The next `n` appends wait until all `n` have arrived: both racers read before either writes. */
class AppendGate {
  private arrived = 0;
  private release!: () => void;
  readonly open = new Promise<void>((resolve) => {
    this.release = resolve;
  });
  constructor(private readonly n: number) {}
  arrive(): Promise<void> {
    this.arrived += 1;
    if (this.arrived >= this.n) this.release();
    return this.open;
  }
  get full(): boolean {
    return this.arrived >= this.n;
  }
}

export interface Harness {
  app: LandcaseApp;
  store: EventStore;
  bus: Bus;
  clock: Clock;
  ctx(service: ServiceModule['name']): ServiceContext;
  token(agency: Agency, roles?: string[], division?: string): Promise<string>;
  post(url: string, token: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(url: string, token: string): Promise<Response>;
  /** Every event in the store, in global order. */
  all(): Promise<RecordedEvent[]>;
  /** The next `n` appends are held until all `n` arrived. */
  holdAppends(n: number): void;
  /** Starts the modules' relays, projections and reactions. */
  startBackground(): Promise<void>;
  close(): Promise<void>;
}

export async function harness(modules: ServiceModule[]): Promise<Harness> {
  const sqlite = SqliteEventStore.open(':memory:', { now: () => NOW, pollIntervalMs: 10 });
  let gate: AppendGate | undefined;
  const store: EventStore = {
    append: async (streamId, events, expected) => {
      const g = gate;
      if (g) {
        const opened = g.arrive();
        if (g.full) gate = undefined;
        await opened;
      }
      return sqlite.append(streamId, events, expected);
    },
    readStream: (streamId, options) => sqlite.readStream(streamId, options),
    readAll: (options) => sqlite.readAll(options),
    subscribe: (options) => sqlite.subscribe(options),
    close: () => sqlite.close(),
  };
  const bus = new InProcessBus({ redeliveryDelayMs: 10 });
  const readModels = new InMemoryReadModelStore();
  const clock: Clock = { now: () => NOW };
  const log = pino({ level: 'silent' });
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LANDCASE_JWT_SECRET: SECRET });
  const ctxs = new Map<string, ServiceContext>();
  const ctx = (service: ServiceModule['name']) => {
    let c = ctxs.get(service);
    if (!c) {
      c = createContext(service, { store, bus, readModels }, { log, clock, newId: randomUUID });
      ctxs.set(service, c);
    }
    return c;
  };
  const app = createApp({ config, modules, ctxFor: (m) => ctx(m.name), logger: log });
  await app.ready();
  let background: Running | undefined;

  const send = async (
    method: 'GET' | 'POST',
    url: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    const text = res.body;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.statusCode, headers: res.headers, body: parsed };
  };

  return {
    app,
    store,
    bus,
    clock,
    ctx,
    token: (agency, roles = ['officer'], division = '141181') =>
      mintToken(SECRET, { sub: `${agency}-user`, agency, division, roles } satisfies Actor),
    post: (url, token, body, headers) => send('POST', url, token, body, headers),
    get: (url, token) => send('GET', url, token),
    all: () => sqlite.readAll(),
    holdAppends: (n) => {
      gate = new AppendGate(n);
    },
    startBackground: async () => {
      background = await startServices(
        modules.map((m) => ctx(m.name)),
        modules,
      );
    },
    close: async () => {
      await app.close();
      await background?.stop();
      await bus.close();
      await readModels.close();
      await store.close();
    },
  };
}

/** Polls until `check` returns a value. The bound only guards against a hang; nothing is timed. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The paths a problem+json names in `errors[]`. */
export const pathsOf = (body: { errors?: { path: string }[] }): string[] =>
  (body.errors ?? []).map((e) => e.path);

export const caseStream = (caseId: string): string => `enforcement.case-${caseId}`;

export const PARTY = { name: 'Fenyang Brick Works Ltd', kind: 'organization' as const };

/** A case's history along the happy path, one event per step; `seedCase` stores a prefix of it. */
export function happyHistory(caseId: string, opened: Record<string, unknown> = {}) {
  return [
    {
      type: 'CaseOpened',
      data: {
        caseId,
        divisionCode: '141181',
        landClass: 'pbf',
        areaMu: 6.2,
        party: PARTY,
        ongoing: true,
        clueSource: 'satellite',
        discoveredAt: '2026-03-02T09:00:00+08:00',
        ruleSetVersion: '2026.1',
        ...opened,
      },
    },
    {
      type: 'StopOrderServed',
      data: { caseId, servedAt: '2026-03-03T10:00:00+08:00', documentRef: 'FY-STOP-017' },
    },
    { type: 'StopConfirmed', data: { caseId, stopped: true, observedAt: '2026-03-04T10:00:00+08:00' } },
    {
      type: 'CaseFiled',
      data: {
        caseId,
        filingNo: 'FY-LA-031',
        filedAt: '2026-03-06T10:00:00+08:00',
        divisionCode: '141181',
        landClass: 'pbf',
        areaMu: 6.2,
        party: PARTY,
      },
    },
    {
      type: 'PenaltyNoticeServed',
      data: { caseId, measures: ['demolish', 'restore'], noticeRef: 'FY-NOTICE-031' },
    },
    { type: 'HearingRecorded', data: { caseId, requested: false } },
    {
      type: 'PenaltyDecided',
      data: {
        caseId,
        measures: ['demolish', 'restore'],
        complyBy: '2026-06-30T18:00:00+08:00',
        decisionRef: 'FY-DECISION-031',
        divisionCode: '141181',
        landClass: 'pbf',
        areaMu: 6.2,
      },
    },
    { type: 'ComplianceRecorded', data: { caseId, complied: true, observedAt: '2026-05-20T10:00:00+08:00' } },
    { type: 'RestorationConfirmed', data: { caseId, acceptedAt: '2026-06-12T10:00:00+08:00' } },
    { type: 'CaseClosed', data: { caseId, summary: 'restored', closedAt: '2026-06-15T10:00:00+08:00' } },
  ];
}

/** Stores a case's history directly (as earlier commands would have), bypassing the routes. */
export async function seedCase(
  h: Harness,
  caseId: string,
  events: { type: string; data: Record<string, unknown> }[],
): Promise<void> {
  await h.store.append(
    caseStream(caseId),
    events.map((e) => ({
      id: randomUUID(),
      type: e.type,
      data: e.data,
      metadata: { caseId, actor: 'nrb:seed', division: '141181', correlationId: caseId, causationId: caseId },
    })),
    'no_stream',
  );
}

/** A CloudEvent as another service's relay would publish it. */
export function cloudEvent(
  service: ServiceName,
  type: string,
  caseId: string,
  data: Record<string, unknown>,
): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: sourceOf(service),
    type: typeOf(service, type),
    subject: caseId,
    time: NOW.toISOString(),
    datacontenttype: 'application/json',
    data,
    actor: `nrb:${service}-user`,
    division: '141181',
    correlationid: `corr-${caseId}`,
    causationid: `cause-${caseId}`,
  };
}

export async function publish(h: Harness, event: CloudEvent): Promise<void> {
  const service = event.source.split('/').at(-1) as ServiceName;
  await h.bus.publish(topicOf(service), [{ key: event.subject, event }]);
}
