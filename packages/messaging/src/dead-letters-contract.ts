// What every bus's dead letters must do; each adapter's test file runs it against a real
// instance. Topics are unique per test, and every query names its topic, so runs can share a broker.
import { randomUUID } from 'node:crypto';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS, runConsumer } from './consumer.ts';
import { type DeadLetter, DLQ_REDRIVES_HEADER, MAX_REDRIVES } from './dead-letters.ts';
import type { Bus } from './port.ts';
import { testEvent, waitUntil } from './test-support.ts';

/** A service-like topic (`landcase.<letters>.v1`), so the service filter has a name to match. */
const serviceTopic = (): { service: string; topic: string } => {
  const service = `dlq${randomUUID()
    .replace(/-/g, '')
    .slice(0, 10)
    .replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]!)}`;
  return { service, topic: `landcase.${service}.v1` };
};

const by = { by: 'nrb:ops-1', at: '2026-03-02T09:00:00.000Z' };

export function deadLetterContract(name: string, factory: () => Bus, options: { timeoutMs?: number } = {}) {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const until = (what: string, check: () => boolean | Promise<boolean>) => waitUntil(what, check, timeoutMs);

  describe(`Dead letters: ${name}`, () => {
    it('lists, filters and shows what a consumer gave up on, then redrives it to be handled', async () => {
      const bus = factory();
      const { service, topic } = serviceTopic();
      const poison = testEvent(1, { subject: 'LC-dlq-1' });
      const other = testEvent(2, { subject: 'LC-dlq-2', type: 'landcase.detection.ClueDispatched.v1' });
      await bus.publish(topic, [
        { key: poison.subject, event: poison },
        { key: other.subject, event: other },
      ]);
      let failing = true;
      const handled: string[] = [];
      const group = `${service}.reaction`;
      const consumer = await runConsumer({
        bus,
        groupId: group,
        topics: [topic],
        seen: new InMemoryReadModelStore().seen,
        maxAttempts: 2,
        backoffMs: 1,
        handle: async (event) => {
          if (failing) throw new Error(`no parcel for ${event.subject}`);
          handled.push(event.id);
        },
      });
      const dlq = bus.deadLetters!;
      await until('two dead letters', async () => (await dlq.list({ topic })).length === 2);

      // In time order; two letters of different keys may die in either order (Kafka partitions).
      const listed = await dlq.list({ service });
      expect(listed.map((l) => l.event?.id).sort()).toEqual([poison.id, other.id].sort());
      expect(listed.map((l) => l.deadAt)).toEqual(listed.map((l) => l.deadAt).sort());
      const letters = [poison.id, other.id].map((id) => listed.find((l) => l.event?.id === id)!);
      expect(letters[0]).toMatchObject({
        status: 'pending',
        topic,
        service,
        group,
        attempts: 2,
        redrives: 0,
        key: poison.subject,
        error: 'no parcel for LC-dlq-1',
      });
      expect(letters[0]!.headers[DLQ_HEADERS.topic]).toBe(topic);
      expect(await dlq.list({ topic, type: 'ClueDispatched' })).toHaveLength(1);
      expect(await dlq.list({ topic, type: other.type })).toHaveLength(1);
      expect(await dlq.list({ topic, error: 'LC-DLQ-2' })).toHaveLength(1);
      expect(await dlq.list({ topic, group: 'another' })).toHaveLength(0);
      expect(await dlq.list({ topic, since: '2999-01-01T00:00:00Z' })).toHaveLength(0);
      expect(await dlq.list({ topic, until: '2999-01-01T00:00:00Z' })).toHaveLength(2);
      const shown = await dlq.show(letters[0]!.id);
      expect(shown?.event).toEqual(poison);
      expect(await dlq.show(`${topic}.dlq:0:999999`)).toBeNull();

      // A dry run sends nothing and marks nothing.
      const dry = await dlq.redrive({ ids: [letters[0]!.id], dryRun: true }, by);
      expect(dry).toMatchObject({ dryRun: true, matched: 1, refused: [], notFound: [] });
      expect(dry.done.map((d) => d.redrives)).toEqual([1]);
      expect(await dlq.list({ topic })).toHaveLength(2);

      failing = false;
      // A limit takes letters in time order: the first listed goes, the other is left.
      const [first, second] = listed as [DeadLetter, DeadLetter];
      const report = await dlq.redrive({ filter: { topic }, limit: 1 }, by);
      expect(report).toMatchObject({ dryRun: false, matched: 2, left: 1 });
      expect(report.done.map((d) => d.id)).toEqual([first.id]);
      await until('the redriven copy handled', () => handled.length === 1);
      expect(handled).toEqual([first.event!.id]);
      // What is done is done: the letter is no longer pending, and the rest is left for the next call.
      expect((await dlq.list({ topic })).map((l) => l.id)).toEqual([second.id]);
      expect(await dlq.show(first.id)).toMatchObject({
        status: 'redriven',
        resolution: { action: 'redriven', by: by.by, redrives: 1 },
      });
      const again = await dlq.redrive({ ids: [first.id] }, by);
      expect(again).toMatchObject({ matched: 0, done: [], notFound: [first.id] });

      const discarded = await dlq.discard({ ids: [second.id], ...{} }, { ...by, reason: 'obsolete' });
      expect(discarded.done.map((d) => d.id)).toEqual([second.id]);
      expect(await dlq.list({ topic })).toEqual([]);
      expect((await dlq.list({ topic, status: 'all' })).map((l) => l.status)).toEqual([
        'redriven',
        'discarded',
      ]);
      await consumer.stop();
      await bus.close();
    });

    it('refuses a letter redriven as often as allowed, naming why', async () => {
      const bus = factory();
      const { topic } = serviceTopic();
      const event = testEvent(3, { subject: 'LC-dlq-3' });
      await bus.publish(`${topic}.dlq`, [
        {
          key: event.subject,
          event,
          headers: {
            [DLQ_HEADERS.error]: 'still failing',
            [DLQ_HEADERS.topic]: topic,
            [DLQ_REDRIVES_HEADER]: String(MAX_REDRIVES),
          },
        },
      ]);
      const dlq = bus.deadLetters!;
      await until('the dead letter', async () => (await dlq.list({ topic })).length === 1);
      const report = await dlq.redrive({ filter: { topic } }, by);
      expect(report.done).toEqual([]);
      expect(report.refused[0]!.reason).toMatch(/redriven 5 times already \(the limit is 5\)/);
      expect(await dlq.list({ topic })).toHaveLength(1);
      await bus.close();
    });
  });
}
