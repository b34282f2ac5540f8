// An embedded system driven over HTTP (app.inject) for unit tests of one or several modules:
// SQLite in memory, the in-process bus, in-memory read models, a fixed clock, tokens signed with a
// test secret, and a gate that holds appends so that racing commands both read before either writes.
import { randomUUID } from 'node:crypto';
import type { Actor, Agency } from '@landcase/contracts';
import { type EventStore, type RecordedEvent, SqliteEventStore } from '@landcase/eventstore';
import type { RuleBook } from '@landcase/lifecycle';
import { type Bus, InProcessBus } from '@landcase/messaging';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import pino from 'pino';
import { createApp, type LandcaseApp } from './app.ts';
import { mintToken } from './auth.ts';
import { loadConfig } from './config.ts';
import {
  type Clock,
  createContext,
  type Running,
  type ServiceContext,
  type ServiceModule,
} from './context.ts';
import { startServices } from './runtime.ts';

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

/** `rules`: the rule book the contexts carry (default the base rule set alone). */
export async function harness(
  modules: ServiceModule[],
  options: { rules?: RuleBook } = {},
): Promise<Harness> {
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
      c = createContext(
        service,
        { store, bus, readModels },
        { log, clock, newId: randomUUID, ...(options.rules ? { rules: options.rules } : {}) },
      );
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

/** The paths a problem+json names in `errors[]`. */
export const pathsOf = (body: { errors?: { path: string }[] }): string[] =>
  (body.errors ?? []).map((e) => e.path);
