// What the list projection of enforcement cases does for one event, as the case it belongs to
// grows: the projection as it stands (services/enforcement/src/projections/cases.ts) handed each
// new event of a case of 10 events, then of a case of 1,000, through the consumer's own handler
// (deduplication, the apply, the upsert). A flat projection would cost the same at both lengths.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { TOPICS } from '../packages/contracts/src/index.ts';
import { type RecordedEvent, SqliteEventStore } from '../packages/eventstore/src/index.ts';
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
  /** Cases of each length the events go round (each grows by events / cases). */
  cases?: number;
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
      // Fewer long cases: they grow by 1% (10 events each), the short ones by two.
      const casesPerLength = options.cases ?? (length >= 100 ? 20 : 100);
      // `cases` cases of `length` events are stored and projected untimed; then one new event is
      // appended to each in turn (so each stays near `length`), and only its delivery is timed.
      const cases = Array.from({ length: casesPerLength }, (_, i) => {
        const caseId = `LC-141181-20260301-${length.toString(16).padStart(4, '0')}${i.toString(16).padStart(4, '0')}`;
        const events = caseOf(length + Math.ceil(perLength / casesPerLength)).map((e) => ({
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
        return { caseId, streamId: caseStreamId(caseId), events, next: length };
      });
      const deliver = (caseId: string, recorded: RecordedEvent) =>
        handle({
          topic: TOPICS.enforcement,
          partition: 0,
          offset: String(recorded.position),
          key: caseId,
          event: toCloudEvent('enforcement', recorded),
        });
      for (const c of cases) {
        await store.append(c.streamId, c.events.slice(0, length), 'no_stream');
        const [last] = await store.readStream(c.streamId, { fromRevision: length - 1 });
        await deliver(c.caseId, last!);
        const doc = await readModels.collection('cases').get(c.caseId);
        if ((doc as { revision?: number } | null)?.revision !== length - 1)
          throw new Error(`the projection did not write the case of ${length} events`);
      }
      const start = now();
      let elapsedMs = 0;
      let cpuMs = 0;
      let count = 0;
      while (count < perLength && now() - start < budgetMs) {
        const c = cases[count % cases.length]!;
        await store.append(c.streamId, [c.events[c.next]!], c.next - 1);
        const [recorded] = await store.readStream(c.streamId, { fromRevision: c.next });
        c.next += 1;
        const read = stopwatch();
        await deliver(c.caseId, recorded!);
        const measured = read();
        elapsedMs += measured.elapsedMs;
        cpuMs += measured.cpuMs;
        count += 1;
      }
      for (const c of cases) {
        const doc = await readModels.collection('cases').get(c.caseId);
        if ((doc as { revision?: number } | null)?.revision !== c.next - 1)
          throw new Error(`the projection did not apply every event appended to ${c.caseId}`);
      }
      // What each event reads and writes: the document, its fold included.
      const kb = JSON.stringify(await readModels.collection('cases').get(cases[0]!.caseId)).length / 1024;
      figures.push({
        part: PART,
        what: `cases list projection, one event of a ${length.toLocaleString('en-US')}-event case`,
        count,
        unit: 'events',
        elapsedMs,
        cpuMs,
        note: `${((cpuMs / count) * 1000).toFixed(0)} µs CPU per event applied (its delivery to the consumer's handler alone: dedupe, apply, upsert); a new event appended to each of ${casesPerLength} cases in turn; document ${kb.toFixed(0)} KB as JSON`,
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
