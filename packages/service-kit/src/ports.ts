import { type EventStore, openEventStore } from '@landcase/eventstore';
import { type Bus, InProcessBus, KafkaBus } from '@landcase/messaging';
import { openReadModels, type ReadModelStore } from '@landcase/readmodels';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import type { Clock } from './context.ts';
import { openDocumentStore } from './documents/open-store.ts';
import type { DocumentStore } from './documents/port.ts';

export interface Ports {
  store: EventStore;
  bus: Bus;
  readModels: ReadModelStore;
  documents: DocumentStore;
  /** Closes the bus first (stops consumers), then the read models, the documents, then the store. */
  close(): Promise<void>;
}

/** The Kafka broker list of a `kafka://host:port[,host:port]` URL. */
export function brokersOf(url: string): string[] {
  return url
    .slice('kafka://'.length)
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}

export function openBus(
  url: string,
  options: { clientId: string; logger: Logger; clock?: Clock | undefined },
): Bus {
  const { clock } = options;
  if (url === 'memory') return new InProcessBus(clock ? { now: () => clock.now().getTime() } : {});
  if (url.startsWith('kafka://')) {
    return new KafkaBus({ brokers: brokersOf(url), clientId: options.clientId, logger: options.logger });
  }
  throw new Error(`unsupported bus URL "${url}": expected "memory" or "kafka://host:port"`);
}

/**
 * Connects the adapters the configuration names. One process holds one store, one bus and one
 * read-model store, shared by every module it runs (each module gets its own context over them).
 * If one adapter fails to connect, the ones already open are closed again. A given clock also
 * stamps the store's `recordedAt`, so a time-skipped run records the instants its commands saw.
 */
export async function connectPorts(
  config: Config,
  options: { logger?: Logger; clientId?: string; clock?: Clock } = {},
): Promise<Ports> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const opened: { close(): Promise<void> }[] = [];
  try {
    const clock = options.clock;
    const store = await openEventStore(config.eventStore, clock ? { now: () => clock.now() } : {});
    opened.push(store);
    const readModels = await openReadModels(config.readModels);
    opened.push(readModels);
    const documents = await openDocumentStore(config.documents);
    opened.push(documents);
    const bus = openBus(config.bus, {
      clientId: options.clientId ?? `landcase-${config.services.join('-')}`,
      logger: logger.child({ component: 'bus' }),
      clock,
    });
    return {
      store,
      bus,
      readModels,
      documents,
      async close() {
        await bus.close();
        await readModels.close();
        await documents.close();
        await store.close();
      },
    };
  } catch (error) {
    for (const port of opened.reverse()) await port.close().catch(() => {});
    throw error;
  }
}
