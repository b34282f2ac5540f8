import { InMemoryReadModelStore } from '@landcase/readmodels';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_HEADERS, runConsumer } from './consumer.ts';
import { busContract } from './contract-suite.ts';
import { toKafkaMessage } from './kafka-binding.ts';
import type { KafkaBus } from './kafka-bus.ts';
import { kafkaBrokers, testKafkaBus } from './kafka-test-env.ts';
import type { Delivery } from './port.ts';
import { testEvent, uniqueName, waitUntil } from './test-support.ts';

busContract('KafkaBus', () => testKafkaBus());

describe('KafkaBus on the broker', () => {
  let bus: KafkaBus;
  const kafka = new Kafka({
    clientId: 'landcase-messaging-probe',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();

  beforeAll(async () => {
    bus = testKafkaBus();
    await admin.connect();
  });
  afterAll(async () => {
    await bus?.close();
    await admin.disconnect();
  });

  it('creates the topic and its DLQ with three partitions on first use', async () => {
    const topic = uniqueName('created');
    await bus.publish(topic, [{ key: 'k', event: testEvent(0) }]);
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic, `${topic}.dlq`] });
    const sorted = topics.map((t) => [t.name, t.partitions.length]).sort();
    expect(sorted).toEqual([
      [topic, 3],
      [`${topic}.dlq`, 3],
    ]);
    // A second bus over the same topic is not troubled that it exists.
    const other = testKafkaBus();
    await other.publish(topic, [{ key: 'k', event: testEvent(1) }]);
    await other.close();
  });

  it('writes CloudEvents in binary mode, keyed by case id', async () => {
    const topic = uniqueName('binary');
    const event = testEvent(5, { subject: 'LC-330106-20250103-0badcafe' });
    await bus.publish(topic, [{ key: event.subject, event }]);
    const consumer = kafka.consumer({
      groupId: uniqueName('raw'),
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    const got: Array<{ key: string; value: string; headers: Record<string, string> }> = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        got.push({ key: String(message.key), value: String(message.value), headers });
      },
    });
    await waitUntil('the raw record', () => got.length >= 1, 30_000);
    await consumer.disconnect();
    expect(got[0]!.key).toBe(event.subject);
    expect(JSON.parse(got[0]!.value)).toEqual(event.data);
    expect(got[0]!.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: event.type,
      ce_source: event.source,
      ce_subject: event.subject,
      ce_time: event.time,
      ce_actor: event.actor,
      ce_sequence: '5',
      'content-type': 'application/json',
    });
  });

  it('forwards an undecodable record untouched to the DLQ and carries on', async () => {
    const topic = uniqueName('poison');
    await bus.ensureTopics([topic]);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const good = testEvent(2, { subject: 'LC-poison' });
    await producer.send({
      topic,
      messages: [
        {
          key: 'LC-poison',
          value: 'this is not json',
          headers: { 'content-type': 'application/json', ce_id: 'x' },
        },
        toKafkaMessage({ key: 'LC-poison', event: good }),
      ],
    });
    await producer.disconnect();

    const dead: Array<{ value: string; headers: Record<string, string> }> = [];
    const reader = kafka.consumer({
      groupId: uniqueName('dlq-raw'),
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await reader.connect();
    await reader.subscribe({ topics: [`${topic}.dlq`], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        dead.push({ value: String(message.value), headers });
      },
    });

    const handled: string[] = [];
    const group = uniqueName('poisoned');
    const consumer = await runConsumer({
      bus,
      groupId: group,
      topics: [topic],
      seen: new InMemoryReadModelStore().seen,
      handle: async (event) => void handled.push(event.id),
    });
    await waitUntil('the good event', () => handled.length >= 1, 30_000);
    await waitUntil('the poison on the DLQ', () => dead.length >= 1, 30_000);
    await consumer.stop();
    await reader.disconnect();
    expect(handled).toEqual([good.id]);
    expect(dead[0]!.value).toBe('this is not json');
    expect(dead[0]!.headers).toMatchObject({
      ce_id: 'x',
      [DLQ_HEADERS.group]: group,
      [DLQ_HEADERS.attempts]: '0',
    });
    expect(dead[0]!.headers[DLQ_HEADERS.error]).toMatch(/not JSON/);
  });

  it('dead-letters a message its handler keeps failing in structured mode, the failure in the event', async () => {
    const topic = uniqueName('failing');
    await bus.ensureTopics([topic]);
    const event = testEvent(3, { subject: 'LC-failing' });
    await bus.publish(topic, [{ key: 'LC-failing', event }]);

    const dead: Array<{ key: string; value: string; headers: Record<string, string> }> = [];
    const reader = kafka.consumer({
      groupId: uniqueName('dlq-structured'),
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 200,
    });
    await reader.connect();
    await reader.subscribe({ topics: [`${topic}.dlq`], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        dead.push({ key: String(message.key), value: String(message.value), headers });
      },
    });
    const group = uniqueName('failing-group');
    const consumer = await runConsumer({
      bus,
      groupId: group,
      topics: [topic],
      seen: new InMemoryReadModelStore().seen,
      maxAttempts: 1,
      handle: async () => {
        throw new Error('parcel service down');
      },
    });
    await waitUntil('the letter on the DLQ', () => dead.length >= 1, 30_000);
    await consumer.stop();
    await reader.disconnect();
    expect(dead[0]!.key).toBe('LC-failing');
    expect(dead[0]!.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    expect(Object.keys(dead[0]!.headers).some((h) => h.startsWith('ce_'))).toBe(false);
    expect(dead[0]!.headers[DLQ_HEADERS.group]).toBe(group);
    expect(JSON.parse(dead[0]!.value)).toEqual({
      ...event,
      dlqerror: 'parcel service down',
      dlqattempts: '1',
      dlqgroup: group,
      dlqtopic: topic,
      dlqpartition: expect.stringMatching(/^[0-9]+$/),
      dlqoffset: expect.stringMatching(/^[0-9]+$/),
    });
    const [letter] = await bus.deadLetters.list({ topic });
    expect(letter?.event).toEqual(event);
    expect(letter?.error).toBe('parcel service down');
  });

  it('shares a group between two members without losing a message', async () => {
    const topic = uniqueName('shared');
    const group = uniqueName('sharing');
    const seen: Delivery[] = [];
    const byMember = [0, 0];
    for (const member of [0, 1]) {
      await bus.subscribe({
        groupId: group,
        topics: [topic],
        fromBeginning: true,
        handle: async (d) => {
          byMember[member]! += 1;
          seen.push(d);
        },
      });
    }
    const events = Array.from({ length: 60 }, (_, n) => testEvent(n, { subject: `LC-share-${n % 6}` }));
    await bus.publish(
      topic,
      events.map((event) => ({ key: event.subject, event })),
    );
    await waitUntil('every message', () => new Set(seen.map((d) => d.event.id)).size >= 60, 30_000);
    expect(new Set(seen.map((d) => d.event.id))).toEqual(new Set(events.map((e) => e.id)));
    // Three partitions over two members: both take part.
    expect(byMember.every((count) => count > 0)).toBe(true);
  });

  it('publishes nothing and fails clearly once closed', async () => {
    const closed = testKafkaBus();
    await closed.close();
    await expect(closed.publish('anything', [{ key: 'k', event: testEvent(0) }])).rejects.toThrow(
      /after close/,
    );
  });
});
