import type { ServiceName } from '@landcase/contracts';
import type { EventStore, NewEvent } from '@landcase/eventstore';
import { afterEach, describe, expect, it } from 'vitest';
import { toCloudEvent } from './cloud-event.ts';
import { InProcessBus } from './in-process-bus.ts';
import type { Bus, BusMessage, Delivery } from './port.ts';
import { type Relay, startRelay } from './relay.ts';
import { MemoryCheckpoints, MemoryEventStore, uniqueName, waitUntil } from './test-support.ts';

const TOPIC = 'landcase.detection.v1';

function newEvent(caseId: string, n: number): NewEvent {
  return {
    id: crypto.randomUUID(),
    type: 'ClueReported',
    data: { caseId, n },
    metadata: {
      caseId,
      actor: 'nrb:officer-1',
      division: '330106',
      correlationId: 'corr',
      causationId: 'cause',
    },
  };
}

/** Appends `count` events over a few detection streams (and one enforcement event to be ignored). */
async function appendMany(store: EventStore, count: number, from = 0): Promise<void> {
  for (let n = from; n < from + count; n++) {
    const caseId = `LC-${n % 3}`;
    await store.append(`detection.clue-${caseId}`, [newEvent(caseId, n)], 'any');
    if (n % 4 === 0) await store.append(`enforcement.case-${caseId}`, [newEvent(caseId, -1)], 'any');
  }
}

/** Everything on the topic, read by its own group. */
async function collect(bus: Bus, topic = TOPIC): Promise<Delivery[]> {
  const seen: Delivery[] = [];
  await bus.subscribe({
    groupId: uniqueName('reader'),
    topics: [topic],
    fromBeginning: true,
    handle: async (d) => void seen.push(d),
  });
  return seen;
}

const numbers = (ds: Delivery[]) => ds.map((d) => (d.event.data as { n: number }).n);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('startRelay', () => {
  const service: ServiceName = 'detection';
  const running: Relay[] = [];
  const start = async (...args: Parameters<typeof startRelay>) => {
    const relay = await startRelay(...args);
    running.push(relay);
    return relay;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });

  it("publishes every event of the service's streams, in order, keyed by case id", async () => {
    const store = new MemoryEventStore();
    const bus = new InProcessBus();
    const checkpoints = new MemoryCheckpoints();
    await appendMany(store, 10);
    const seen = await collect(bus);
    await start({ store, bus, service, checkpoints });
    await waitUntil('ten events on the topic', () => seen.length >= 10);
    const detection = store.events.filter((e) => e.streamId.startsWith('detection.'));
    expect(seen.map((d) => d.event)).toEqual(detection.map((e) => toCloudEvent(service, e)));
    expect(seen.map((d) => d.key)).toEqual(detection.map((e) => e.metadata.caseId));
    await waitUntil(
      'the checkpoint at the last event',
      () => checkpoints.positions.get('relay:detection') === detection.at(-1)!.position,
    );
  });

  it('publishes events appended while it runs', async () => {
    const store = new MemoryEventStore();
    const bus = new InProcessBus();
    const seen = await collect(bus);
    await start({ store, bus, service, checkpoints: new MemoryCheckpoints() });
    await appendMany(store, 3);
    await waitUntil('three events', () => seen.length >= 3);
    await appendMany(store, 3, 3);
    await waitUntil('six events', () => seen.length >= 6);
    expect(numbers(seen)).toEqual(range(0, 6));
  });

  it('moves the checkpoint only after the bus acknowledged the publish', async () => {
    const store = new MemoryEventStore();
    const inner = new InProcessBus();
    let release!: () => void;
    const acked = new Promise<void>((resolve) => {
      release = resolve;
    });
    let publishing = false;
    const bus: Bus = {
      publish: async (topic, messages) => {
        publishing = true;
        await acked;
        await inner.publish(topic, messages);
      },
      subscribe: (o) => inner.subscribe(o),
      close: () => inner.close(),
    };
    const checkpoints = new MemoryCheckpoints();
    await appendMany(store, 1);
    await start({ store, bus, service, checkpoints });
    await waitUntil('the publish to start', () => publishing);
    expect(checkpoints.writes).toEqual([]);
    release();
    await waitUntil('the checkpoint', () => checkpoints.writes.length === 1);
    expect(checkpoints.writes).toEqual([{ name: 'relay:detection', position: 1 }]);
  });

  it('retries a failing publish without skipping or reordering anything', async () => {
    const store = new MemoryEventStore();
    const inner = new InProcessBus();
    let failures = 0;
    const bus: Bus = {
      publish: async (topic, messages) => {
        if (failures < 3) {
          failures += 1;
          throw new Error('broker unavailable');
        }
        await inner.publish(topic, messages);
      },
      subscribe: (o) => inner.subscribe(o),
      close: () => inner.close(),
    };
    const checkpoints = new MemoryCheckpoints();
    await appendMany(store, 8);
    const seen = await collect(inner);
    await start({ store, bus, service, checkpoints, batchSize: 3, retryBaseMs: 1 });
    await waitUntil('eight events', () => seen.length >= 8);
    expect(failures).toBe(3);
    expect(numbers(seen)).toEqual(range(0, 8));
    const positions = checkpoints.writes.map((w) => w.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('publishes at most batchSize events per call and checkpoints each batch', async () => {
    const store = new MemoryEventStore();
    const inner = new InProcessBus();
    const calls: BusMessage[][] = [];
    const bus: Bus = {
      publish: async (topic, messages) => {
        calls.push(messages);
        await inner.publish(topic, messages);
      },
      subscribe: (o) => inner.subscribe(o),
      close: () => inner.close(),
    };
    const checkpoints = new MemoryCheckpoints();
    await appendMany(store, 7);
    const last = store.events.filter((e) => e.streamId.startsWith('detection.')).at(-1)!.position;
    await start({ store, bus, service, checkpoints, batchSize: 2 });
    await waitUntil('the last checkpoint', () => checkpoints.positions.get('relay:detection') === last);
    expect(calls.flat()).toHaveLength(7);
    expect(Math.max(...calls.map((c) => c.length))).toBeLessThanOrEqual(2);
    expect(checkpoints.writes).toHaveLength(calls.length);
  });

  it('resumes after the stored checkpoint', async () => {
    const store = new MemoryEventStore();
    const bus = new InProcessBus();
    const checkpoints = new MemoryCheckpoints();
    await appendMany(store, 5);
    const seen = await collect(bus);
    const first = await start({ store, bus, service, checkpoints });
    await waitUntil('five events', () => seen.length >= 5);
    await waitUntil(
      'their checkpoint',
      () =>
        checkpoints.writes.length > 0 &&
        checkpoints.writes.at(-1)!.position ===
          store.events.filter((e) => e.streamId.startsWith('detection.')).at(-1)!.position,
    );
    await first.stop();
    await appendMany(store, 4, 5);
    await start({ store, bus, service, checkpoints });
    await waitUntil('nine events', () => seen.length >= 9);
    expect(numbers(seen)).toEqual(range(0, 9));
  });

  it('resubscribes from its checkpoint when the store subscription fails', async () => {
    const inner = new MemoryEventStore();
    let failed = false;
    let subscriptions = 0;
    const store: EventStore = {
      append: (...a) => inner.append(...a),
      readStream: (...a) => inner.readStream(...a),
      readAll: (...a) => inner.readAll(...a),
      close: () => inner.close(),
      subscribe: (o) => {
        subscriptions += 1;
        return inner.subscribe({
          ...o,
          onEvent: async (event) => {
            if (!failed && event.position >= 4) {
              failed = true;
              throw new Error('connection lost');
            }
            await o.onEvent(event);
          },
        });
      },
    };
    const bus = new InProcessBus();
    await appendMany(store, 6);
    const seen = await collect(bus);
    const relay = await start({ store, bus, service, checkpoints: new MemoryCheckpoints(), retryBaseMs: 1 });
    await waitUntil('six distinct events', () => new Set(seen.map((d) => d.event.id)).size >= 6);
    expect(subscriptions).toBe(2);
    expect(relay.health()).toEqual({ status: 'ok' });
    const ids = new Set<string>();
    expect(numbers(seen.filter((d) => !ids.has(d.event.id) && ids.add(d.event.id)))).toEqual(range(0, 6));
  });

  it('reports its last publish error until a publish succeeds', async () => {
    const store = new MemoryEventStore();
    const inner = new InProcessBus();
    let down = true;
    let attempts = 0;
    const bus: Bus = {
      publish: async (topic, messages) => {
        attempts += 1;
        if (down) throw new Error('broker unavailable');
        await inner.publish(topic, messages);
      },
      subscribe: (o) => inner.subscribe(o),
      close: () => inner.close(),
    };
    const relay = await start({
      store,
      bus,
      service,
      checkpoints: new MemoryCheckpoints(),
      retryBaseMs: 1,
      retryMaxMs: 5,
    });
    expect(relay.health()).toEqual({ status: 'ok' });
    const seen = await collect(inner);
    await appendMany(store, 2);
    await waitUntil('a failed publish', () => attempts >= 2);
    expect(relay.health()).toEqual({
      status: 'failing',
      reason: expect.stringMatching(
        /^publish to landcase\.detection\.v1 failed \(attempt \d+\): broker unavailable$/,
      ),
    });
    down = false;
    await waitUntil('two events', () => seen.length >= 2);
    expect(relay.health()).toEqual({ status: 'ok' });
  });

  it('stops while a publish keeps failing, leaving the checkpoint where it was', async () => {
    const store = new MemoryEventStore();
    let attempts = 0;
    const bus: Bus = {
      publish: async () => {
        attempts += 1;
        throw new Error('broker unavailable');
      },
      subscribe: () => Promise.reject(new Error('not used')),
      close: async () => {},
    };
    const checkpoints = new MemoryCheckpoints();
    await appendMany(store, 2);
    const relay = await startRelay({ store, bus, service, checkpoints, retryBaseMs: 1, retryMaxMs: 5 });
    await waitUntil('a few attempts', () => attempts >= 3);
    await relay.stop();
    expect(checkpoints.writes).toEqual([]);
  });
});
