import { describe, expect, it } from 'vitest';
import {
  fromKafkaMessage,
  MalformedMessageError,
  toBusMessage,
  toKafkaMessage,
  toStructuredKafkaMessage,
} from './kafka-binding.ts';
import { testEvent } from './test-support.ts';

/** What kafkajs hands a consumer: key, value and header values as Buffers. */
function asReceived(message: ReturnType<typeof toKafkaMessage | typeof toStructuredKafkaMessage>) {
  const headers = Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))]),
  );
  return {
    key: message.key === null || message.key === undefined ? null : Buffer.from(String(message.key)),
    value: message.value === null ? null : Buffer.from(String(message.value)),
    headers,
  };
}

describe('CloudEvents Kafka binding (binary mode)', () => {
  it('puts the data in the value, attributes in ce_ headers and the case id in the key', () => {
    const event = testEvent(3, { subject: 'LC-330106-20250101-deadbeef' });
    const message = toKafkaMessage({ key: event.subject, event });
    expect(message.key).toBe(event.subject);
    expect(JSON.parse(String(message.value))).toEqual(event.data);
    expect(message.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_source: event.source,
      ce_type: event.type,
      ce_subject: event.subject,
      ce_time: event.time,
      ce_actor: event.actor,
      ce_division: event.division,
      ce_correlationid: event.correlationid,
      ce_causationid: event.causationid,
      ce_sequence: '3',
      'content-type': 'application/json',
    });
  });

  it('round-trips an event, its extensions and transport headers through received bytes', () => {
    const event = { ...testEvent(4), rulesetversion: '2025.1' };
    const received = asReceived(toKafkaMessage({ key: 'LC-1', event, headers: { dlq_error: 'boom' } }));
    expect(fromKafkaMessage(received)).toEqual(event);
    expect(toBusMessage(received)).toEqual({ key: 'LC-1', event, headers: { dlq_error: 'boom' } });
  });

  it('falls back to the subject when a record has no key', () => {
    const event = testEvent(5);
    const received = { ...asReceived(toKafkaMessage({ key: 'x', event })), key: null };
    expect(toBusMessage(received).key).toBe(event.subject);
  });

  it('refuses a transport header that would pose as an attribute', () => {
    expect(() => toKafkaMessage({ key: 'k', event: testEvent(0), headers: { ce_id: 'forged' } })).toThrow(
      /shadow/,
    );
  });

  const good = () => asReceived(toKafkaMessage({ key: 'k', event: testEvent(0) }));
  const without = (name: string) => {
    const m = good();
    delete m.headers[name];
    return m;
  };
  it.each([
    ['no content-type', () => without('content-type'), /content-type/],
    [
      'a non-JSON content-type',
      () => ({ ...good(), headers: { ...good().headers, 'content-type': Buffer.from('text/plain') } }),
      /content-type/,
    ],
    ['no id', () => without('ce_id'), /"id"/],
    ['no type', () => without('ce_type'), /"type"/],
    [
      'another specversion',
      () => ({ ...good(), headers: { ...good().headers, ce_specversion: Buffer.from('0.3') } }),
      /specversion/,
    ],
    ['a value that is not JSON', () => ({ ...good(), value: Buffer.from('{nope') }), /not JSON/],
    ['no value (a tombstone)', () => ({ ...good(), value: null }), /tombstone/],
    [
      'a repeated attribute header',
      () => ({ ...good(), headers: { ...good().headers, ce_id: [Buffer.from('a'), Buffer.from('b')] } }),
      /2 times/,
    ],
  ])('rejects a record with %s', (_, make, reason) => {
    expect(() => fromKafkaMessage(make())).toThrow(MalformedMessageError);
    expect(() => fromKafkaMessage(make())).toThrow(reason);
  });
});

describe('CloudEvents Kafka binding (structured mode, the dead letters)', () => {
  const failure = {
    dlq_error: 'parcel service down',
    dlq_attempts: '5',
    dlq_group: 'enforcement.open-case',
    dlq_topic: 'landcase.detection.v1',
    dlq_partition: '0',
    dlq_offset: '12',
  };

  it('writes the whole event as the value, the failure in it as extension attributes and in headers', () => {
    const event = { ...testEvent(7), rulesetversion: '2025.1' };
    const record = toStructuredKafkaMessage({ key: event.subject, event, headers: failure });
    expect(record.key).toBe(event.subject);
    expect(record.headers).toEqual({
      ...failure,
      'content-type': 'application/cloudevents+json; charset=utf-8',
    });
    expect(JSON.parse(String(record.value))).toEqual({
      ...event,
      dlqerror: 'parcel service down',
      dlqattempts: '5',
      dlqgroup: 'enforcement.open-case',
      dlqtopic: 'landcase.detection.v1',
      dlqpartition: '0',
      dlqoffset: '12',
    });
    expect(Object.keys(record.headers ?? {}).some((h) => h.startsWith('ce_'))).toBe(false);
  });

  it('reads back the event without the failure, and the failure as the dlq_* headers', () => {
    const event = testEvent(8);
    const received = asReceived(toStructuredKafkaMessage({ key: 'LC-8', event, headers: failure }));
    expect(fromKafkaMessage(received)).toEqual(event);
    expect(toBusMessage(received)).toEqual({ key: 'LC-8', event, headers: failure });
  });

  it('takes the failure from the extensions of a letter whose headers were lost', () => {
    const event = testEvent(9);
    const received = asReceived(
      toStructuredKafkaMessage({ key: 'LC-9', event, headers: { ...failure, dlq_redrives: '2' } }),
    );
    const bare = { ...received, headers: { 'content-type': received.headers['content-type']! } };
    expect(toBusMessage(bare)).toEqual({ key: 'LC-9', event, headers: { ...failure, dlq_redrives: '2' } });
  });

  it('still reads a dead letter written in binary mode before', () => {
    const event = testEvent(10);
    const received = asReceived(toKafkaMessage({ key: 'LC-10', event, headers: failure }));
    expect(toBusMessage(received)).toEqual({ key: 'LC-10', event, headers: failure });
  });

  it('refuses a structured record that is no landcase CloudEvent', () => {
    const structured = (value: string) => ({
      key: Buffer.from('k'),
      value: Buffer.from(value),
      headers: { 'content-type': Buffer.from('application/cloudevents+json') },
    });
    expect(() => fromKafkaMessage(structured('{'))).toThrow(MalformedMessageError);
    expect(() => fromKafkaMessage(structured('[1]'))).toThrow(/not an object/);
    const { id: _, ...noId } = testEvent(1);
    expect(() => fromKafkaMessage(structured(JSON.stringify(noId)))).toThrow(/"id"/);
    expect(() =>
      fromKafkaMessage(structured(JSON.stringify({ ...testEvent(1), datacontenttype: 'text/xml' }))),
    ).toThrow(/datacontenttype/);
    expect(() => fromKafkaMessage({ ...structured('{}'), value: null })).toThrow(/tombstone/);
  });

  it('refuses a transport header that would pose as an attribute', () => {
    expect(() =>
      toStructuredKafkaMessage({ key: 'k', event: testEvent(0), headers: { 'content-type': 'text/plain' } }),
    ).toThrow(/shadow/);
  });
});
