// CloudEvents Kafka protocol binding, binary content mode: the event's data is the record value
// (JSON), its attributes travel as `ce_<name>` headers, datacontenttype as `content-type`, and
// the record key is the case id so one case's events share a partition.
import type { CloudEvent } from '@landcase/contracts';
import type { IHeaders, Message } from 'kafkajs';
import { cloudEventProblem } from './cloud-event.ts';
import type { BusMessage } from './port.ts';

const CE_PREFIX = 'ce_';
const CONTENT_TYPE = 'content-type';
const JSON_TYPE = 'application/json';

/** A Kafka record as both kafkajs' producer input and its consumer output can express it. */
export interface KafkaRecordLike {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
}

/** A record that cannot be read as a CloudEvent; consumers dead-letter it rather than retry it. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

export function toKafkaMessage(message: BusMessage): Message {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (name.startsWith(CE_PREFIX) || name === CONTENT_TYPE) {
      throw new Error(`transport header "${name}" would shadow a CloudEvent attribute`);
    }
    headers[name] = value;
  }
  for (const [name, value] of Object.entries(message.event as unknown as Record<string, unknown>)) {
    if (name === 'data' || name === 'datacontenttype' || value === undefined || value === null) continue;
    headers[CE_PREFIX + name] = typeof value === 'string' ? value : String(value);
  }
  headers[CONTENT_TYPE] = message.event.datacontenttype ?? JSON_TYPE;
  const { data } = message.event;
  return {
    key: message.key,
    value: data === undefined ? null : JSON.stringify(data),
    headers,
  };
}

function headerText(headers: IHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length !== 1) throw new MalformedMessageError(`header "${name}" appears ${value.length} times`);
    return value[0]!.toString();
  }
  return value.toString();
}

/** Reads a record written by {@link toKafkaMessage}; throws {@link MalformedMessageError} otherwise. */
export function fromKafkaMessage(message: KafkaRecordLike): CloudEvent {
  const headers = message.headers ?? {};
  const contentType = headerText(headers, CONTENT_TYPE);
  if (contentType === undefined || contentType.split(';')[0]!.trim().toLowerCase() !== JSON_TYPE) {
    throw new MalformedMessageError(`content-type is ${JSON.stringify(contentType)}, not ${JSON_TYPE}`);
  }
  const attributes: Record<string, unknown> = {};
  for (const name of Object.keys(headers)) {
    if (!name.startsWith(CE_PREFIX)) continue;
    const attribute = name.slice(CE_PREFIX.length);
    if (attribute === '' || attribute === 'data' || attribute === 'datacontenttype') {
      throw new MalformedMessageError(`header "${name}" is not a CloudEvent attribute`);
    }
    attributes[attribute] = headerText(headers, name);
  }
  if (message.value === null || message.value === undefined) {
    throw new MalformedMessageError('record has no value (a tombstone is not an event)');
  }
  let data: unknown;
  try {
    data = JSON.parse(message.value.toString());
  } catch (error) {
    throw new MalformedMessageError(`value is not JSON: ${(error as Error).message}`);
  }
  const event = { ...attributes, datacontenttype: JSON_TYPE, data };
  const problem = cloudEventProblem(event);
  if (problem) throw new MalformedMessageError(`not a landcase CloudEvent: ${problem}`);
  return event as unknown as CloudEvent;
}

/** The headers that are not CloudEvent attributes (e.g. `dlq_error`), as text. */
export function transportHeadersOf(message: KafkaRecordLike): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (name.startsWith(CE_PREFIX) || name === CONTENT_TYPE || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return out;
}

/** The bus message a record carries: key (falling back to the subject), event, transport headers. */
export function toBusMessage(message: KafkaRecordLike): BusMessage {
  const event = fromKafkaMessage(message);
  const key = message.key === null || message.key === undefined ? event.subject : message.key.toString();
  const headers = transportHeadersOf(message);
  return Object.keys(headers).length > 0 ? { key, event, headers } : { key, event };
}
