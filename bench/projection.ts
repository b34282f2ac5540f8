// What the list projection of enforcement cases does for one event, as the case it belongs to
// grows: the projection as it stands (services/enforcement/src/projections/cases.ts) handed one
// CloudEvent of a case of 10 events, then of a case of 1,000, through the consumer's own handler
// (deduplication, the apply, the upsert). A flat projection would cost the same at both lengths.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { TOPICS } from '../packages/contracts/src/index.ts';
import { SqliteEventStore } from '../packages/eventstore/src/index.ts';
import type { Bus, Delivery, SubscribeOptions } from '../packages/messaging/src/index.ts';
import { toCloudEvent } from '../packages/messaging/src/index.ts';
import { InMemoryReadModelStore } from '../packages/readmodels/src/index.ts';
import { createContext } from '../packages/service-kit/src/index.ts';
import { caseStreamId } from '../services/enforcement/src/case.ts';
import { projectCases } from '../services/enforcement/src/projections/cases.ts';
import { type Figure, isMain, now, printResults, stopwatch } from './figures.ts';
import { caseOf } from './fold.ts';

const PART = 'projection';

export interface ProjectionBenchOptions {
  lengths?: number[];
  /** Events applied per length at most. */
  events?: number;
  budgetMs?: number;
}

/** A bus that only hands back the handler a consumer subscribes with. */
function capturingBus(): { bus: Bus; handler(): (delivery: Delivery) => Promise<void> } {
  let handle: SubscribeOptions['handle'] | undefined;
  const bus: Bus = {
    publish: async () => {},
    subscribe: async (options) => {
      handle = options.handle;
      return { stop: async () => {} };
    },
    close: async () => {},
  };
  return {
    bus,
    handler: () => {
      if (!handle) throw new Error('the projection did not subscribe');
      return handle;
    },
  };
}

export async function benchProjection(options: ProjectionBenchOptions = {}): Promise<Figure[]> {
  const lengths = options.lengths ?? [10, 1000];
  const perLength = options.events ?? 200;
  const budgetMs = options.budgetMs ?? 10_000;
  const store = SqliteEventStore.open(':memory:');
  const readModels = new InMemoryReadModelStore();
  const { bus, handler } = capturingBus();
  const ctx = createContext('enforcement', { store, bus, readModels }, { log: pino({ level: 'silent' }) });
  const running = await projectCases(ctx);
  const handle = handler();
  const figures: Figure[] = [];
  try {
    for (const length of lengths) {
      const caseId = `LC-141181-20260301-${length.toString(16).padStart(8, '0')}`;
      const events = caseOf(length).map((e) => ({
        id: randomUUID(),
        type: e.type,
        data: { ...(e.data as object), caseId },
        metadata: {
          caseId,
          actor: 'nrb:officer-1',
          division: '141181',
          correlationId: randomUUID(),
          causationId: randomUUID(),
          time: '2026-03-12T07:00:00.000Z',
        },
      }));
      await store.append(caseStreamId(caseId), events, 'no_stream');
      const [last] = (await store.readStream(caseStreamId(caseId))).slice(-1);
      // The case's last event, delivered again and again under new ids: each is applied in full
      // (the stream read and folded, the document written at its revision).
      const deliver = () =>
        handle({
          topic: TOPICS.enforcement,
          partition: 0,
          offset: '0',
          key: caseId,
          event: { ...toCloudEvent('enforcement', last!), id: randomUUID() },
        });
      await deliver();
      const doc = await readModels.collection('cases').get(caseId);
      if ((doc as { revision?: number } | null)?.revision !== length - 1)
        throw new Error(`the projection did not write the case of ${length} events`);
      const start = now();
      const read = stopwatch();
      let count = 0;
      while (count < perLength && now() - start < budgetMs) {
        await deliver();
        count += 1;
      }
      const measured = read();
      figures.push({
        part: PART,
        what: `cases list projection, one event of a ${length.toLocaleString('en-US')}-event case`,
        count,
        unit: 'events',
        ...measured,
        note: `${((measured.cpuMs / count) * 1000).toFixed(0)} µs CPU per event applied; the projection as it is (the stream read and folded per event)`,
      });
    }
  } finally {
    await running.stop();
    store.close();
  }
  return figures;
}

if (isMain(import.meta.url)) {
  console.log('projection (enforcement cases list, per event, by case length)');
  printResults(await benchProjection());
}
