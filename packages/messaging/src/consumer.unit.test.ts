import type { CloudEvent } from '@landcase/contracts';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { traceOf } from './cloud-event.ts';
import { DLQ_HEADERS, runConsumer } from './consumer.ts';
import { InProcessBus } from './in-process-bus.ts';
import type { Delivery } from './port.ts';
import { backoffDelay } from './sleep.ts';
import { testEvent, uniqueName, waitUntil } from './test-support.ts';

async function deadLetters(bus: InProcessBus, topic: string): Promise<Delivery[]> {
  const dead: Delivery[] = [];
  await bus.subscribe({
    groupId: uniqueName('dlq'),
    topics: [`${topic}.dlq`],
    fromBeginning: true,
    handle: async (d) => void dead.push(d),
  });
  return dead;
}

describe('runConsumer', () => {
  it('sends a malformed event straight to the DLQ without calling the handler', async () => {
    const bus = new InProcessBus();
    const topic = uniqueName('t');
    const malformed = { ...testEvent(0), type: undefined } as unknown as CloudEvent;
    const good = testEvent(1);
    await bus.publish(topic, [
      { key: 'k', event: malformed },
      { key: 'k', event: good },
    ]);
    const dead = await deadLetters(bus, topic);
    const handled: string[] = [];
    await runConsumer({
      bus,
      groupId: 'g',
      topics: [topic],
      seen: new InMemoryReadModelStore().seen,
      handle: async (e) => void handled.push(e.id),
    });
    await waitUntil('the good event', () => handled.length === 1);
    await waitUntil('the dead letter', () => dead.length === 1);
    expect(handled).toEqual([good.id]);
    expect(dead[0]!.headers).toMatchObject({ [DLQ_HEADERS.attempts]: '0' });
    expect(dead[0]!.headers![DLQ_HEADERS.error]).toMatch(/malformed CloudEvent: attribute "type"/);
    await bus.close();
  });

  it('retries a failing handler and marks the event seen once it succeeds', async () => {
    const bus = new InProcessBus();
    const topic = uniqueName('t');
    const event = testEvent(0);
    await bus.publish(topic, [{ key: 'k', event }]);
    const seen = new InMemoryReadModelStore().seen;
    let attempts = 0;
    let succeeded = false;
    await runConsumer({
      bus,
      groupId: 'g',
      topics: [topic],
      seen,
      backoffMs: 1,
      handle: async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('not yet');
        succeeded = true;
      },
    });
    await waitUntil('success', () => succeeded);
    await waitUntil('the event marked seen', () => seen.has('g', event.id));
    expect(attempts).toBe(3);
    await bus.close();
  });

  it('leaves a message whose retries were cut short by stop() to the next member of the group', async () => {
    const bus = new InProcessBus({ redeliveryDelayMs: 1 });
    const topic = uniqueName('t');
    const event = testEvent(0);
    await bus.publish(topic, [{ key: 'k', event }]);
    const seen = new InMemoryReadModelStore().seen;
    let failing = 0;
    const first = await runConsumer({
      bus,
      groupId: 'g',
      topics: [topic],
      seen,
      backoffMs: 60_000,
      handle: async () => {
        failing += 1;
        throw new Error('down');
      },
    });
    await waitUntil('the first attempt', () => failing === 1);
    await first.stop();
    expect(await seen.has('g', event.id)).toBe(false);
    const handled: string[] = [];
    await runConsumer({
      bus,
      groupId: 'g',
      topics: [topic],
      seen,
      handle: async (e) => void handled.push(e.id),
    });
    await waitUntil('the event handled by the next member', () => handled.length === 1);
    expect(handled).toEqual([event.id]);
    await bus.close();
  });

  it('does not lose a handled event whose dedupe mark failed: it comes again', async () => {
    const bus = new InProcessBus({ redeliveryDelayMs: 1 });
    const topic = uniqueName('t');
    const event = testEvent(0);
    await bus.publish(topic, [{ key: 'k', event }]);
    const inner = new InMemoryReadModelStore().seen;
    let addFailures = 0;
    const seen = {
      has: (scope: string, id: string) => inner.has(scope, id),
      add: async (scope: string, id: string) => {
        if (addFailures++ === 0) throw new Error('read models unavailable');
        await inner.add(scope, id);
      },
    };
    let calls = 0;
    await runConsumer({ bus, groupId: 'g', topics: [topic], seen, handle: async () => void calls++ });
    await waitUntil('the event marked seen', () => inner.has('g', event.id));
    expect(calls).toBe(2);
    await bus.close();
  });

  it('does not mark a dead-lettered event seen, so a redriven copy is handled', async () => {
    const bus = new InProcessBus();
    const topic = uniqueName('t');
    const event = testEvent(0);
    await bus.publish(topic, [{ key: 'k', event }]);
    const dead = await deadLetters(bus, topic);
    const seen = new InMemoryReadModelStore().seen;
    let failing = true;
    const handled: string[] = [];
    await runConsumer({
      bus,
      groupId: 'g',
      topics: [topic],
      seen,
      maxAttempts: 2,
      backoffMs: 1,
      handle: async (e) => {
        if (failing) throw new Error('poison');
        handled.push(e.id);
      },
    });
    await waitUntil('the dead letter', () => dead.length === 1);
    expect(await seen.has('g', event.id)).toBe(false);
    failing = false;
    await bus.publish(topic, [{ key: 'k', event: dead[0]!.event, headers: { dlq_redrives: '1' } }]);
    await waitUntil('the redriven copy handled', () => handled.length === 1);
    expect(handled).toEqual([event.id]);
    await waitUntil('the event marked seen', () => seen.has('g', event.id));
    await bus.close();
  });

  it('backs off exponentially', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 50))).toEqual([50, 100, 200, 400, 800]);
    expect(backoffDelay(10, 100, 30_000)).toBe(30_000);
  });

  it("logs each message's failures with its case, correlation and causation ids", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const bus = new InProcessBus();
    const topic = uniqueName('t');
    const event = testEvent(0, { subject: 'LC-141181-20260302-00000001' });
    const malformed = { ...testEvent(1, { subject: 'LC-2' }), type: undefined } as unknown as CloudEvent;
    let tries = 0;
    await runConsumer({
      bus,
      groupId: uniqueName('g'),
      topics: [topic],
      seen: new InMemoryReadModelStore().seen,
      backoffMs: 1,
      logger,
      handle: async () => {
        tries += 1;
        if (tries === 1) throw new Error('not yet');
      },
    });
    await bus.publish(topic, [
      { key: 'k', event: malformed },
      { key: 'k', event },
    ]);
    await waitUntil('the retry logged', () => lines.some((l) => l.msg === 'handler failed; retrying'));
    await waitUntil('handled', () => tries === 2);
    expect(lines.find((l) => l.msg === 'handler failed; retrying')).toMatchObject({
      caseId: event.subject,
      correlationid: event.correlationid,
      causationid: event.causationid,
      id: event.id,
    });
    expect(lines.find((l) => l.msg === 'malformed event sent to the DLQ')).toMatchObject({
      caseId: 'LC-2',
      correlationid: malformed.correlationid,
      causationid: malformed.causationid,
    });
    await bus.close();
  });

  it('traces only the ids an event has', () => {
    expect(traceOf({ subject: 'LC-1', correlationid: 'c' })).toEqual({ caseId: 'LC-1', correlationid: 'c' });
    expect(traceOf({ subject: '' })).toEqual({});
    expect(traceOf({ correlationid: 7 as unknown as string, causationid: 'x' })).toEqual({
      causationid: 'x',
    });
  });
});
