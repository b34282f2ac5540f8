import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { InProcessBus } from './in-process-bus.ts';
import { LagMonitor } from './lag-monitor.ts';
import type { Bus, GroupLag } from './port.ts';
import { StreamMetrics } from './stream-metrics.ts';
import { testEvent, uniqueName, waitUntil } from './test-support.ts';

// The in-process bus answers the same lag figures as Kafka (handled position against what was
// published, one partition); the monitor judges them on its window with the clock it is given.

const publish = (bus: Bus, topic: string, from: number, count: number) =>
  bus.publish(
    topic,
    Array.from({ length: count }, (_, i) => ({ key: 'k', event: testEvent(from + i) })),
  );

describe('InProcessBus.consumerLag', () => {
  it("is each group's handled position against the published end, kept after the group stops", async () => {
    const bus = new InProcessBus();
    const topic = uniqueName('t');
    const group = uniqueName('g');
    const handled: number[] = [];
    const sub = await bus.subscribe({
      groupId: group,
      topics: [topic],
      handle: async () => void handled.push(1),
    });
    await publish(bus, topic, 0, 2);
    await waitUntil('both handled', async () => (await bus.consumerLag())[0]?.partitions[0]?.lag === 0);
    expect(await bus.consumerLag()).toEqual([
      {
        group,
        topics: [topic],
        active: true,
        partitions: [{ topic, partition: 0, committed: 2, end: 2, lag: 0, oldestUnhandledAt: null }],
      },
    ]);
    await sub.stop();
    const before = Date.now();
    await publish(bus, topic, 2, 3);
    const [lag] = await bus.consumerLag();
    expect(lag).toMatchObject({ group, active: false });
    expect(lag!.partitions[0]).toMatchObject({ committed: 2, end: 5, lag: 3 });
    expect(lag!.partitions[0]!.oldestUnhandledAt).toBeGreaterThanOrEqual(before);
    expect(handled).toHaveLength(2);
    await bus.close();
  });
});

/** A bus whose lag the test sets, sample by sample. */
function scriptedBus() {
  let groups: GroupLag[] = [];
  const bus: Bus = {
    publish: async () => {},
    subscribe: async () => ({ stop: async () => {} }),
    close: async () => {},
    consumerLag: async () => structuredClone(groups),
  };
  const set = (committed: number, end: number, active: boolean) => {
    groups = [
      {
        group: 'enforcement.open-case',
        topics: ['landcase.detection.v1'],
        active,
        partitions: [
          { topic: 'landcase.detection.v1', partition: 0, committed, end, lag: end - committed },
          { topic: 'landcase.detection.v1', partition: 1, committed: 4, end: 4, lag: 0 },
        ],
      },
    ];
  };
  return { bus, set };
}

describe('LagMonitor', () => {
  it('judges each partition on its window and the group on its worst, with the injected clock', async () => {
    let now = Date.parse('2026-03-05T02:00:00Z');
    const { bus, set } = scriptedBus();
    const metrics = new StreamMetrics();
    const monitor = new LagMonitor({ bus, now: () => now, windowSize: 3, metrics });

    // Catching up and caught up: OK.
    for (const [committed, end] of [
      [0, 5],
      [3, 6],
      [7, 7],
    ] as const) {
      set(committed, end, true);
      await monitor.sample();
      now += 30_000;
    }
    expect(monitor.report()[0]).toMatchObject({ status: 'OK', lag: 0, waitSeconds: 0 });

    // The consumer goes away while messages keep coming: still OK while the window holds its
    // last move, STOP once it holds nothing but the standstill.
    set(7, 9, false);
    await monitor.sample();
    expect(monitor.report()[0]!.status).toBe('OK');
    now += 30_000;
    set(7, 12, false);
    await monitor.sample();
    expect(monitor.report()[0]!.status).toBe('STOP');
    now += 30_000;
    set(7, 15, false);
    await monitor.sample();
    const stopped = monitor.report()[0]!;
    expect(stopped).toMatchObject({ group: 'enforcement.open-case', status: 'STOP', active: false, lag: 8 });
    expect(stopped.partitions.map((p) => [p.partition, p.status, p.lag])).toEqual([
      [0, 'STOP', 8],
      [1, 'OK', 0],
    ]);
    // Its oldest unhandled message came after the sample where the end was 7, by the sample at 9.
    expect(stopped.partitions[0]!.waitSeconds).toBe(60);
    expect(stopped.sampledAt).toBe(new Date(now).toISOString());

    const registry = new Registry();
    metrics.register(registry, () => undefined);
    const text = await registry.metrics();
    expect(text).toContain(
      'landcase_consumer_lag_messages{group="enforcement.open-case",topic="landcase.detection.v1",partition="0"} 8',
    );
    expect(text).toContain(
      'landcase_consumer_lag_messages{group="enforcement.open-case",topic="landcase.detection.v1",partition="1"} 0',
    );
    expect(text).toContain('landcase_consumer_status{group="enforcement.open-case"} 4');

    // Back, and caught up: OK at once, lag 0.
    now += 30_000;
    set(15, 15, true);
    await monitor.sample();
    expect(monitor.report()[0]).toMatchObject({ status: 'OK', lag: 0, active: true });
    expect(await registry.metrics()).toContain('landcase_consumer_status{group="enforcement.open-case"} 0');
  });

  it('keeps no more than its window per partition', async () => {
    let now = 0;
    const { bus, set } = scriptedBus();
    const monitor = new LagMonitor({ bus, now: () => now, windowSize: 2 });
    // Offsets stuck for two samples after moving: the move has left the window.
    for (const [committed, end] of [
      [0, 5],
      [3, 6],
      [3, 7],
    ] as const) {
      set(committed, end, true);
      await monitor.sample();
      now += 1000;
    }
    expect(monitor.report()[0]!.status).toBe('STALL');
  });

  it('reports nothing for a bus that cannot tell its lag', async () => {
    const bus: Bus = {
      publish: async () => {},
      subscribe: async () => ({ stop: async () => {} }),
      close: async () => {},
    };
    const monitor = new LagMonitor({ bus, now: () => 0 });
    await monitor.sample();
    expect(monitor.report()).toEqual([]);
  });
});
