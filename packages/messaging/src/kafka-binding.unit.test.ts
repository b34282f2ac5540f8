import { describe, expect, it } from 'vitest';
import { fromKafkaMessage, MalformedMessageError, toBusMessage, toKafkaMessage } from './kafka-binding.ts';
import { testEvent } from './test-support.ts';

/** What kafkajs hands a consumer: key, value and header values as Buffers. */
function asReceived(message: ReturnType<typeof toKafkaMessage>) {
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
