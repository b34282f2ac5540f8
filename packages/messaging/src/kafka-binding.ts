// CloudEvents Kafka protocol binding. Binary content mode on the service topics: the event's data
// is the record value (JSON), its attributes travel as `ce_<name>` headers, datacontenttype as
// `content-type`, and the record key is the case id so one case's events share a partition.
// Structured content mode on the `.dlq` topics: the whole event is the value
// (`application/cloudevents+json`), the failure in it as extension attributes (`dlq_error` as
// `dlqerror`, ...) and in the `dlq_*` headers as before, so that a dead letter read anywhere
// (a file, another broker) still says why it failed. Both modes are read.
import { type CloudEvent, failureAttributeOf, STRUCTURED_CONTENT_TYPE } from '@landcase/contracts';
import type { IHeaders, Message } from 'kafkajs';
import { cloudEventProblem } from './cloud-event.ts';
import type { BusMessage } from './port.ts';

const CE_PREFIX = 'ce_';
const CONTENT_TYPE = 'content-type';
const JSON_TYPE = 'application/json';
const STRUCTURED_TYPE = STRUCTURED_CONTENT_TYPE;
/** Transport headers that carry a dead letter's failure; in structured mode also extensions. */
const FAILURE_PREFIX = 'dlq_';
const isFailureAttribute = (name: string): boolean => name.startsWith('dlq') && /^[a-z0-9]+$/.test(name);

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

/**
 * The record of a dead letter in structured mode: the CloudEvent with its data as the value, the
 * failure headers (`dlq_*`) added to it as extension attributes and kept as headers.
 */
export function toStructuredKafkaMessage(message: BusMessage): Message {
  const headers: Record<string, string> = {};
  const failure: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (name.startsWith(CE_PREFIX) || name === CONTENT_TYPE) {
      throw new Error(`transport header "${name}" would shadow a CloudEvent attribute`);
    }
    headers[name] = value;
    if (name.startsWith(FAILURE_PREFIX)) failure[failureAttributeOf(name)] = value;
  }
  headers[CONTENT_TYPE] = `${STRUCTURED_TYPE}; charset=utf-8`;
  return {
    key: message.key,
    value: JSON.stringify({ ...(message.event as unknown as Record<string, unknown>), ...failure }),
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
  return readKafkaMessage(message).event;
}

/** The event of a record in either mode, and the failure a structured one carried in it. */
function readKafkaMessage(message: KafkaRecordLike): { event: CloudEvent; failure: Record<string, string> } {
  const headers = message.headers ?? {};
  const contentType = headerText(headers, CONTENT_TYPE);
  const mediaType = contentType === undefined ? undefined : contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType === STRUCTURED_TYPE) return fromStructured(message);
  if (contentType === undefined || mediaType !== JSON_TYPE) {
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
  return { event: event as unknown as CloudEvent, failure: {} };
}

/** A structured-mode record: the event is the value; its `dlq*` extensions are the failure. */
function fromStructured(message: KafkaRecordLike): { event: CloudEvent; failure: Record<string, string> } {
  if (message.value === null || message.value === undefined) {
    throw new MalformedMessageError('record has no value (a tombstone is not an event)');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value.toString());
  } catch (error) {
    throw new MalformedMessageError(`value is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedMessageError('not a landcase CloudEvent: not an object');
  }
  const event: Record<string, unknown> = {};
  const failure: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (isFailureAttribute(name)) failure[name] = String(value);
    else event[name] = value;
  }
  if (event.datacontenttype !== undefined && event.datacontenttype !== JSON_TYPE) {
    throw new MalformedMessageError(
      `datacontenttype is ${JSON.stringify(event.datacontenttype)}, not ${JSON_TYPE}`,
    );
  }
  event.datacontenttype = JSON_TYPE;
  const problem = cloudEventProblem(event);
  if (problem) throw new MalformedMessageError(`not a landcase CloudEvent: ${problem}`);
  return { event: event as unknown as CloudEvent, failure };
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

/**
 * The bus message a record carries: key (falling back to the subject), event, transport headers.
 * A structured dead letter's failure extensions become `dlq_*` headers where the record has none.
 */
export function toBusMessage(message: KafkaRecordLike): BusMessage {
  const { event, failure } = readKafkaMessage(message);
  const key = message.key === null || message.key === undefined ? event.subject : message.key.toString();
  const headers = transportHeadersOf(message);
  for (const [attribute, value] of Object.entries(failure)) {
    const header = `${FAILURE_PREFIX}${attribute.slice('dlq'.length)}`;
    if (headers[header] === undefined) headers[header] = value;
  }
  return Object.keys(headers).length > 0 ? { key, event, headers } : { key, event };
}
