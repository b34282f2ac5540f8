import { randomUUID } from 'node:crypto';
import type { Actor, Agency, Polygon as PolygonSchema } from '@landcase/contracts';
import { type EventStore, type RecordedEvent, SqliteEventStore } from '@landcase/eventstore';
import { InProcessBus } from '@landcase/messaging';
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
import type { Static } from '@sinclair/typebox';
import pino from 'pino';

type Polygon = Static<typeof PolygonSchema>;

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

/** A square of about 6.2 mu in Fenyang (141181): side 64.3 m. */
export function squareParcel(originLon = 111.79, originLat = 37.26, sideM = 64.3): Polygon {
  const dLat = sideM / 111_320;
  const dLon = sideM / (111_320 * Math.cos((originLat * Math.PI) / 180));
  return {
    type: 'Polygon',
    coordinates: [
      [
        [originLon, originLat],
        [originLon + dLon, originLat],
        [originLon + dLon, originLat + dLat],
        [originLon, originLat + dLat],
        [originLon, originLat],
      ],
    ],
  };
}

export const clueBody = (overrides: Record<string, unknown> = {}) => ({
  source: 'satellite',
  externalRef: 'SX-2026-03-000017',
  divisionCode: '141181',
  landClass: 'pbf',
  parcel: squareParcel(),
  observedAt: '2026-03-02T09:00:00+08:00',
  evidence: [{ uri: 'https://sweep.example/2026-03/tile-17.tif', sha256: 'a'.repeat(64) }],
  ...overrides,
});

export const illegalVerdict = (overrides: Record<string, unknown> = {}) => ({
  verdict: 'illegal',
  areaMu: 6.2,
  landClass: 'pbf',
  ongoing: true,
  party: { name: 'Fenyang Brick Works Ltd', kind: 'organization' },
  ...overrides,
});

/** The paths a problem+json names in `errors[]`. */
export const pathsOf = (body: { errors?: { path: string }[] }): string[] =>
  (body.errors ?? []).map((e) => e.path);
