import type { ServiceName } from '@landcase/contracts';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import { describe, expect, it } from 'vitest';
import { runConsumer } from './consumer.ts';
import { InProcessBus } from './in-process-bus.ts';
import type { Bus } from './port.ts';
import { startRelay } from './relay.ts';
import { streamMetrics } from './stream-metrics.ts';
import { MemoryCheckpoints, MemoryEventStore, testEvent, uniqueName, waitUntil } from './test-support.ts';

const counted = async (group: string, outcome: string): Promise<number> =>
  (await streamMetrics.consumerMessages.get()).values.find(
    (v) => v.labels.group === group && v.labels.outcome === outcome,
  )?.value ?? 0;

const gauge = async (metric: 'relayLag' | 'relayPosition', service: string): Promise<number | undefined> =>
  (await streamMetrics[metric].get()).values.find((v) => v.labels.service === service)?.value;

describe('consumer metrics', () => {
  it('count what the in-process bus delivers, retries, dead-letters and delivers again', async () => {
    const bus = new InProcessBus({ redeliveryDelayMs: 5 });
    const topic = uniqueName('t');
    const group = uniqueName('g');
    const good = testEvent(0);
    const poison = testEvent(1);
    const handled: string[] = [];
    const consumer = await runConsumer({
      bus,
      groupId: group,
      topics: [topic],
      seen: new InMemoryReadModelStore().seen,
      maxAttempts: 3,
      backoffMs: 1,
      handle: async (event) => {
        if (event.id === poison.id) throw new Error('cannot project it');
        handled.push(event.id);
      },
    });
    await bus.publish(topic, [
      { key: 'k', event: good },
      { key: 'k', event: poison },
      { key: 'k', event: good },
    ]);
    await waitUntil('the poison dead-lettered', async () => (await counted(group, 'dead_lettered')) === 1);
    await waitUntil('the redelivery dropped', async () => (await counted(group, 'duplicate')) === 1);
    expect(handled).toEqual([good.id]);
    expect(await counted(group, 'handled')).toBe(1);
    // Three tries: two retried, the last one dead-lettered.
    expect(await counted(group, 'retried')).toBe(2);

    const histogram = (await streamMetrics.handlerDuration.get()).values.find(
      (v) => v.labels.group === group && v.metricName === 'landcase_consumer_handler_duration_seconds_count',
    );
    expect(histogram?.value).toBe(4);

    const figures = await streamMetrics.figures(bus.deadLetters);
    expect(figures.consumers.find((c) => c.group === group)).toEqual({
      group,
      topics: [topic],
      handled: 1,
      retried: 2,
      deadLettered: 1,
      duplicates: 1,
    });
    expect(figures.dlqDepth).toBe(1);
    await consumer.stop();
    await bus.close();
  });
});

describe('relay metrics', () => {
  it('set the position to the checkpoint and the lag to head − checkpoint', async () => {
    const service: ServiceName = 'referral';
    const store = new MemoryEventStore();
    const inner = new InProcessBus();
    let failing = false;
    const bus: Bus = {
      publish: async (topic, messages) => {
        if (failing) throw new Error('broker down');
        await inner.publish(topic, messages);
      },
      subscribe: (options) => inner.subscribe(options),
      close: () => inner.close(),
    };
    const checkpoints = new MemoryCheckpoints();
    const append = (n: number) =>
      store.append(
        `referral.referral-${n}`,
        [{ id: crypto.randomUUID(), type: 'ReferralSent', data: { n }, metadata: { caseId: `LC-${n}` } }],
        'any',
      );
    for (let n = 0; n < 3; n++) await append(n);
    const relay = await startRelay({ store, bus, service, checkpoints, retryBaseMs: 5, retryMaxMs: 10 });
    try {
      const last = () => store.events.at(-1)!.position;
      await waitUntil('caught up', async () => (await gauge('relayPosition', service)) === last());
      expect(await gauge('relayLag', service)).toBe(0);

      const checkpoint = last();
      failing = true;
      for (let n = 3; n < 7; n++) await append(n);
      await waitUntil(
        'the head read',
        async () => (await gauge('relayLag', service)) === last() - checkpoint,
      );
      expect(await gauge('relayPosition', service)).toBe(checkpoint);
      expect(checkpoints.positions.get('relay:referral')).toBe(checkpoint);
      // The first event not published was stored at 00:00:03 (the test store's clock).
      const figures = await streamMetrics.figures(undefined, Date.parse('2025-01-01T00:01:03Z'));
      expect(figures.relays.find((r) => r.service === service)).toEqual({
        service,
        position: checkpoint,
        head: last(),
        lagEvents: last() - checkpoint,
        waitSeconds: 60,
      });
      expect(figures.dlqDepth).toBeNull();

      failing = false;
      await waitUntil('caught up again', async () => (await gauge('relayLag', service)) === 0);
      const after = await streamMetrics.figures(undefined, Date.parse('2025-01-01T00:01:03Z'));
      expect(after.relays.find((r) => r.service === service)?.waitSeconds).toBe(0);
      expect(await gauge('relayPosition', service)).toBe(last());
    } finally {
      await relay.stop();
    }
  });
});

describe('projection positions', () => {
  const position = async (projection: string): Promise<number | undefined> =>
    (await streamMetrics.projectionPosition.get()).values.find((v) => v.labels.projection === projection)
      ?.value;

  it('follow the store position (sequence) of the last event applied; none without one', async () => {
    const projection = uniqueName('p');
    const topic = uniqueName('t');
    const { sequence: _none, ...unsequenced } = testEvent(0);
    streamMetrics.projectionApplied(projection, { event: unsequenced, topic, partition: 0, offset: '0' });
    expect(await position(projection)).toBeUndefined();
    expect((await streamMetrics.figures(undefined)).projections).toContainEqual({
      projection,
      position: null,
      topic,
      partition: 0,
      offset: '0',
    });

    const event = testEvent(1, { sequence: '00000000000000000042' });
    streamMetrics.projectionApplied(projection, { event, topic, partition: 1, offset: '7' });
    expect(await position(projection)).toBe(42);
    const figures = await streamMetrics.figures(undefined);
    expect(figures.projections.filter((p) => p.projection === projection)).toEqual([
      { projection, position: 42, topic, partition: 1, offset: '7' },
    ]);
  });
});
