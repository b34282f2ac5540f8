import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@landcase/contracts';
import type { EventStore } from '@landcase/eventstore';
import { type BusinessCalendar, RULE_SET, RuleBook } from '@landcase/lifecycle';
import type { Bus } from '@landcase/messaging';
import type { ReadModelStore } from '@landcase/readmodels';
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { InMemoryDocumentStore } from './documents/memory-store.ts';
import type { DocumentStore } from './documents/port.ts';

/** Where time comes from. Tests inject a controllable one; nothing reads Date.now() directly. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** What a service is given to run: its ports, already connected. */
export interface ServiceContext {
  service: ServiceName;
  store: EventStore;
  bus: Bus;
  readModels: ReadModelStore;
  /** The bytes of the documents events name by SHA-256 (documents/). */
  documents: DocumentStore;
  clock: Clock;
  log: Logger;
  newId(): string;
  /** The calendar reads date deadlines by (`due`); default the bundled one (deadlines/due.ts). */
  calendar?: BusinessCalendar;
  /** A deadline is due soon at this many working days left or fewer; default 2. */
  dueSoonWorkingDays?: number;
  /** The base rule set and the provincial and city overlays (LANDCASE_RULE_OVERLAYS); default the base alone. */
  rules?: RuleBook;
}

const BASE_RULE_BOOK = new RuleBook(RULE_SET);

/** The context's rule book, or the base rule set alone. */
export const rulesOf = (ctx: Pick<ServiceContext, 'rules'>): RuleBook => ctx.rules ?? BASE_RULE_BOOK;

export interface Running {
  stop(): Promise<void>;
}

/**
 * A bounded context: its routes (mounted under `/<name>`) and what it runs in the background
 * (projections, reactions to other services' events, schedulers). The relay from its streams
 * to its topic is started by the kit, not by the service.
 */
export interface ServiceModule {
  name: ServiceName;
  routes: FastifyPluginAsync<{ ctx: ServiceContext }>;
  /** Operations routes of the whole system this module serves, mounted under `/ops` (not `/<name>`). */
  opsRoutes?: FastifyPluginAsync<{ ctx: ServiceContext }>;
  start(ctx: ServiceContext): Promise<Running>;
  /** Registers the module's own metrics on the app's registry (`/metrics`). */
  registerMetrics?(registry: Registry, ctx: ServiceContext): void;
}

/**
 * One module's context over shared ports: its own service name and child logger. Without a
 * document store the context keeps documents in memory (tests that attach none need none).
 */
export function createContext(
  service: ServiceName,
  ports: { store: EventStore; bus: Bus; readModels: ReadModelStore; documents?: DocumentStore },
  options: {
    log: Logger;
    clock?: Clock;
    newId?: () => string;
    calendar?: BusinessCalendar;
    dueSoonWorkingDays?: number;
    rules?: RuleBook;
  },
): ServiceContext {
  return {
    service,
    store: ports.store,
    bus: ports.bus,
    readModels: ports.readModels,
    documents: ports.documents ?? new InMemoryDocumentStore(),
    clock: options.clock ?? systemClock,
    log: options.log.child({ service }),
    newId: options.newId ?? randomUUID,
    ...(options.calendar ? { calendar: options.calendar } : {}),
    ...(options.dueSoonWorkingDays !== undefined ? { dueSoonWorkingDays: options.dueSoonWorkingDays } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
  };
}
