// An embedded system for a service's unit tests: the SQLite store in memory, the in-process
// bus, in-memory read models, a clock the test moves, and bearer tokens for any actor. The app
// is driven with `app.inject`; other services are stood in for by publishing their CloudEvents.
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
import { SqliteEventStore } from '@landcase/eventstore';
import type { RuleBook } from '@landcase/lifecycle';
import { InProcessBus } from '@landcase/messaging';
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

export class TestClock implements Clock {
  #now: Date;
  constructor(start: string) {
    this.#now = new Date(start);
  }
  now(): Date {
    return new Date(this.#now);
  }
  set(iso: string): void {
    this.#now = new Date(iso);
  }
}

/**
 * Time that starts at `start` and runs at the machine's pace: events keep their order and their
 * spacing, but what a test sees never depends on the date it runs (no statutory deadline of its
 * fixtures comes due, whatever the calendar says).
 */
export function clockRunningFrom(start: string): Clock {
  const origin = Date.parse(start);
  const began = performance.now();
  return { now: () => new Date(origin + Math.floor(performance.now() - began)) };
}

export interface TestSystem {
  app: LandcaseApp;
  ctx: ServiceContext;
  store: SqliteEventStore;
  bus: InProcessBus;
  readModels: InMemoryReadModelStore;
  clock: TestClock;
  token(agency: Agency, roles?: string[], division?: string): Promise<string>;
  /** Publishes a CloudEvent as `service`'s relay would. */
  publish(
    service: ServiceName,
    name: string,
    data: Record<string, unknown>,
    extra?: Partial<CloudEvent>,
  ): Promise<CloudEvent>;
  stop(): Promise<void>;
}

/** `rules`: the rule book the context carries (default the base rule set alone). */
export async function startTestSystem(
  module: ServiceModule,
  start = '2026-03-10T02:00:00.000Z',
  options: { rules?: RuleBook } = {},
): Promise<TestSystem> {
  const log = pino({ level: 'silent' });
  const clock = new TestClock(start);
  const store = SqliteEventStore.open(':memory:', { now: () => clock.now(), pollIntervalMs: 10 });
  const bus = new InProcessBus({ redeliveryDelayMs: 5, now: () => clock.now().getTime() });
  const readModels = new InMemoryReadModelStore();
  const ctx = createContext(
    module.name,
    { store, bus, readModels },
    { log, clock, ...(options.rules ? { rules: options.rules } : {}) },
  );
  const config = loadConfig({});
  const app = createApp({ config, modules: [module], ctxFor: () => ctx, logger: log });
  await app.ready();
  const running: Running = await startServices([ctx], [module]);
  let published = 0;
  return {
    app,
    ctx,
    store,
    bus,
    readModels,
    clock,
    token: (agency, roles = ['officer'], division = '141181') =>
      mintToken(config, { sub: `${agency}-user`, agency, division, roles } satisfies Actor),
    async publish(service, name, data, extra = {}) {
      const caseId = String(data.caseId);
      const event: CloudEvent = {
        specversion: '1.0',
        id: randomUUID(),
        source: sourceOf(service),
        type: typeOf(service, name),
        subject: caseId,
        time: clock.now().toISOString(),
        datacontenttype: 'application/json',
        data,
        actor: 'nrb:nrb-user',
        division: '141181',
        correlationid: randomUUID(),
        causationid: randomUUID(),
        sequence: String(++published),
        ...extra,
      };
      await bus.publish(topicOf(service), [{ key: caseId, event }]);
      return event;
    },
    async stop() {
      await app.close();
      await running.stop();
      await bus.close();
      await readModels.close();
      await store.close();
    },
  };
}

type Check<T> = () => Promise<T | undefined | null | false>;

/**
 * Polls until `check` returns a value (anything but undefined, null or false). The 10 s bound only
 * guards against a hang; nothing is timed.
 */
export function eventually<T>(check: Check<T>): Promise<T>;
export function eventually<T>(what: string, check: Check<T>): Promise<T>;
export async function eventually<T>(whatOrCheck: string | Check<T>, maybeCheck?: Check<T>): Promise<T> {
  const what = typeof whatOrCheck === 'string' ? whatOrCheck : 'a condition';
  const check = typeof whatOrCheck === 'string' ? maybeCheck! : whatOrCheck;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export { type Harness, harness, NOW, pathsOf, type Response } from './http-harness.ts';
export { type Interleaving, type InterleavingStore, interleavingStore } from './interleaving-store.ts';
export { type RawResponse, rawRequest } from './raw-http.ts';
