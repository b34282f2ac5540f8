// The behaviour every Bus adapter must show; each adapter's test file runs it against a real
// instance. Topic and group names are unique per test so runs can share one broker.
import type { CloudEvent } from '@landcase/contracts';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DLQ_HEADERS, runConsumer } from './consumer.ts';
import type { Bus, Delivery } from './port.ts';
import { testEvent, uniqueName, waitUntil } from './test-support.ts';

export interface BusContractOptions {
  /** How long to wait for deliveries before failing. Default 30 s. */
  timeoutMs?: number;
}

const numberOf = (d: Delivery): number => (d.event.data as { n: number }).n;

/** The first delivery of each id, in arrival order: what a handler sees once redeliveries are dropped. */
function firstSeen(deliveries: Delivery[]): Delivery[] {
  const ids = new Set<string>();
  return deliveries.filter((d) => !ids.has(d.event.id) && ids.add(d.event.id));
}

export function busContract(
  name: string,
  factory: () => Bus | Promise<Bus>,
  options: BusContractOptions = {},
) {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const until = (what: string, check: () => boolean) => waitUntil(what, check, timeoutMs);

  describe(`Bus contract: ${name}`, () => {
    let bus: Bus;
    let topic: string;
    let group: string;

    beforeEach(async () => {
      bus = await factory();
      topic = uniqueName('contract');
      group = uniqueName('group');
    });
    afterEach(async () => {
      await bus.close();
    });

    /** Subscribes `groupId` to the topic from its beginning; the array fills as deliveries arrive. */
    async function collect(groupId: string): Promise<Delivery[]> {
      const seen: Delivery[] = [];
      await bus.subscribe({
        groupId,
        topics: [topic],
        fromBeginning: true,
        handle: async (d) => void seen.push(d),
      });
      return seen;
    }

    it('delivers a published CloudEvent with every attribute, its key and its headers intact', async () => {
      const event = testEvent(1, { subject: 'LC-330106-20250102-00c0ffee' });
      await bus.publish(topic, [{ key: event.subject, event, headers: { trace: 'abc' } }]);
      const seen = await collect(group);
      await until('the event', () => seen.length >= 1);
      const [delivery] = seen;
      expect(delivery!.event).toEqual(event);
      expect(delivery!.key).toBe(event.subject);
      expect(delivery!.headers).toEqual({ trace: 'abc' });
      expect(delivery!.topic).toBe(topic);
      expect(typeof delivery!.offset).toBe('string');
    });

    it('keeps the order of each key across 100 messages', async () => {
      const keys = ['LC-A', 'LC-B', 'LC-C', 'LC-D'];
      const events = Array.from({ length: 100 }, (_, n) => testEvent(n, { subject: keys[n % keys.length]! }));
      for (let i = 0; i < events.length; i += 10) {
        await bus.publish(
          topic,
          events.slice(i, i + 10).map((event) => ({ key: event.subject, event })),
        );
      }
      const seen = await collect(group);
      await until('100 distinct messages', () => firstSeen(seen).length >= 100);
      for (const key of keys) {
        const got = firstSeen(seen)
          .filter((d) => d.key === key)
          .map(numberOf);
        const sent = events.filter((e) => e.subject === key).map((e) => (e.data as { n: number }).n);
        expect(got).toEqual(sent);
      }
    });

    it('gives every group every message', async () => {
      const events = Array.from({ length: 20 }, (_, n) => testEvent(n, { subject: `LC-${n % 3}` }));
      await bus.publish(
        topic,
        events.map((event) => ({ key: event.subject, event })),
      );
      const byGroup = new Map<string, Delivery[]>();
      for (const g of [group, uniqueName('other')]) {
        byGroup.set(g, await collect(g));
      }
      for (const [g, seen] of byGroup) {
        await until(`group ${g} to see 20 messages`, () => firstSeen(seen).length >= 20);
        expect(new Set(seen.map((d) => d.event.id))).toEqual(new Set(events.map((e) => e.id)));
      }
    });

    it('lets a new member of a group resume after the last committed message', async () => {
      const key = 'LC-resume';
      const first = Array.from({ length: 10 }, (_, n) => testEvent(n, { subject: key }));
      await bus.publish(
        topic,
        first.map((event) => ({ key, event })),
      );
      const handledByA: number[] = [];
      const a = await bus.subscribe({
        groupId: group,
        topics: [topic],
        fromBeginning: true,
        handle: async (d) => void handledByA.push(numberOf(d)),
      });
      await until('five messages handled by the first member', () => handledByA.length >= 5);
      await a.stop();
      const lastA = Math.max(...handledByA);

      const second = Array.from({ length: 10 }, (_, n) => testEvent(10 + n, { subject: key }));
      await bus.publish(
        topic,
        second.map((event) => ({ key, event })),
      );
      const handledByB: number[] = [];
      await bus.subscribe({
        groupId: group,
        topics: [topic],
        fromBeginning: true,
        handle: async (d) => void handledByB.push(numberOf(d)),
      });
      await until('the last message handled by the second member', () => handledByB.includes(19));
      // No restart from the beginning, no gap; at-least-once allows the last one again.
      expect([lastA, lastA + 1]).toContain(handledByB[0]);
      const all = new Set([...handledByA, ...handledByB]);
      expect([...all].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    });

    it('redelivers a message whose handler failed, and skips nothing after it', async () => {
      const key = 'LC-retry';
      const events = Array.from({ length: 10 }, (_, n) => testEvent(n, { subject: key }));
      await bus.publish(
        topic,
        events.map((event) => ({ key, event })),
      );
      const attempts = new Map<number, number>();
      const handled: Delivery[] = [];
      await bus.subscribe({
        groupId: group,
        topics: [topic],
        fromBeginning: true,
        handle: async (d) => {
          const n = numberOf(d);
          attempts.set(n, (attempts.get(n) ?? 0) + 1);
          if (n === 3 && attempts.get(n)! <= 2) throw new Error(`transient failure ${attempts.get(n)}`);
          handled.push(d);
        },
      });
      await until('all ten handled', () => firstSeen(handled).length >= 10);
      expect(attempts.get(3)).toBe(3);
      expect(firstSeen(handled).map(numberOf)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('runConsumer parks a message that keeps failing on <topic>.dlq and moves on', async () => {
      const key = 'LC-dlq';
      const [bad, good] = [testEvent(1, { subject: key }), testEvent(2, { subject: key })];
      await bus.publish(topic, [
        { key, event: bad },
        { key, event: good },
      ]);
      const dead: Delivery[] = [];
      await bus.subscribe({
        groupId: uniqueName('dlq-reader'),
        topics: [`${topic}.dlq`],
        fromBeginning: true,
        handle: async (d) => void dead.push(d),
      });
      const seen = new InMemoryReadModelStore().seen;
      let badAttempts = 0;
      const handled: CloudEvent[] = [];
      await runConsumer({
        bus,
        groupId: group,
        topics: [topic],
        seen,
        maxAttempts: 3,
        backoffMs: 1,
        handle: async (event) => {
          if (event.id === bad.id) {
            badAttempts += 1;
            throw new Error('always broken');
          }
          handled.push(event);
        },
      });
      await until('the good message handled', () => handled.length >= 1);
      await until('the bad message on the DLQ', () => dead.length >= 1);
      expect(badAttempts).toBe(3);
      expect(handled.map((e) => e.id)).toEqual([good.id]);
      expect(dead[0]!.event).toEqual(bad);
      expect(dead[0]!.key).toBe(key);
      expect(dead[0]!.headers).toMatchObject({
        [DLQ_HEADERS.error]: 'always broken',
        [DLQ_HEADERS.attempts]: '3',
        [DLQ_HEADERS.group]: group,
        [DLQ_HEADERS.topic]: topic,
      });
      // Not marked seen: a redriven copy of a dead letter must be handled, not dropped as done.
      expect(await seen.has(group, bad.id)).toBe(false);
      expect(await seen.has(group, good.id)).toBe(true);
    });

    it('runConsumer handles a duplicated id once', async () => {
      const key = 'LC-dup';
      const [once, next] = [testEvent(1, { subject: key }), testEvent(2, { subject: key })];
      await bus.publish(topic, [{ key, event: once }]);
      await bus.publish(topic, [
        { key, event: once },
        { key, event: next },
      ]);
      const handled: string[] = [];
      await runConsumer({
        bus,
        groupId: group,
        topics: [topic],
        seen: new InMemoryReadModelStore().seen,
        handle: async (event) => void handled.push(event.id),
      });
      // Same key, so `next` arrives after both copies of `once`.
      await until('the message after the duplicate', () => handled.includes(next.id));
      expect(handled).toEqual([once.id, next.id]);
    });
  });
}
