import { describe, expect, it } from 'vitest';
import { busContract } from './contract-suite.ts';
import { deadLetterContract } from './dead-letters-contract.ts';
import { InProcessBus } from './in-process-bus.ts';
import type { Delivery } from './port.ts';
import { testEvent, uniqueName, waitUntil } from './test-support.ts';

busContract('InProcessBus', () => new InProcessBus({ redeliveryDelayMs: 1 }), { timeoutMs: 4_000 });

describe('InProcessBus', () => {
  it('hands a group over to a standby member when the active one stops', async () => {
    const bus = new InProcessBus();
    const topic = uniqueName('t');
    const byA: number[] = [];
    const byB: number[] = [];
    const a = await bus.subscribe({
      groupId: 'g',
      topics: [topic],
      handle: async (d) => void byA.push(n(d)),
    });
    await bus.subscribe({ groupId: 'g', topics: [topic], handle: async (d) => void byB.push(n(d)) });
    await bus.publish(topic, [{ key: 'k', event: testEvent(0) }]);
    await waitUntil('the first message', () => byA.length === 1);
    await a.stop();
    await bus.publish(topic, [{ key: 'k', event: testEvent(1) }]);
    await waitUntil('the second message', () => byB.length === 1);
    expect(byA).toEqual([0]);
    expect(byB).toEqual([1]);
    await bus.close();
  });

  it('starts a new group at the end of the log unless told to start from the beginning', async () => {
    const bus = new InProcessBus();
    const topic = uniqueName('t');
    await bus.publish(topic, [{ key: 'k', event: testEvent(0) }]);
    const seen: number[] = [];
    await bus.subscribe({ groupId: 'late', topics: [topic], handle: async (d) => void seen.push(n(d)) });
    await bus.publish(topic, [{ key: 'k', event: testEvent(1) }]);
    await waitUntil('the message published after subscribing', () => seen.length === 1);
    expect(seen).toEqual([1]);
    await bus.close();
  });

  it('delivers several topics of one group in publish order', async () => {
    const bus = new InProcessBus();
    const [t1, t2] = [uniqueName('t1'), uniqueName('t2')];
    await bus.publish(t1, [{ key: 'k', event: testEvent(0) }]);
    await bus.publish(t2, [{ key: 'k', event: testEvent(1) }]);
    await bus.publish(t1, [{ key: 'k', event: testEvent(2) }]);
    const seen: number[] = [];
    await bus.subscribe({
      groupId: 'g',
      topics: [t1, t2],
      fromBeginning: true,
      handle: async (d) => void seen.push(n(d)),
    });
    await waitUntil('three messages', () => seen.length === 3);
    expect(seen).toEqual([0, 1, 2]);
    await bus.close();
  });

  it('isolates consumers from changes the publisher makes afterwards', async () => {
    const bus = new InProcessBus();
    const topic = uniqueName('t');
    const event = testEvent(7);
    await bus.publish(topic, [{ key: 'k', event }]);
    (event.data as { n: number }).n = 99;
    const seen: number[] = [];
    await bus.subscribe({
      groupId: 'g',
      topics: [topic],
      fromBeginning: true,
      handle: async (d) => void seen.push(n(d)),
    });
    await waitUntil('the message', () => seen.length === 1);
    expect(seen).toEqual([7]);
    await bus.close();
  });

  it('finishes the message in hand on close and refuses use afterwards', async () => {
    const bus = new InProcessBus();
    const topic = uniqueName('t');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    let finished = false;
    await bus.subscribe({
      groupId: 'g',
      topics: [topic],
      handle: async () => {
        started = true;
        await gate;
        finished = true;
      },
    });
    await bus.publish(topic, [{ key: 'k', event: testEvent(0) }]);
    await waitUntil('the handler to start', () => started);
    const closing = bus.close();
    release();
    await closing;
    expect(finished).toBe(true);
    await expect(bus.publish(topic, [])).rejects.toThrow(/after close/);
  });
});

const n = (d: Delivery) => (d.event.data as { n: number }).n;

deadLetterContract('InProcessBus', () => new InProcessBus({ redeliveryDelayMs: 1 }), { timeoutMs: 4_000 });
