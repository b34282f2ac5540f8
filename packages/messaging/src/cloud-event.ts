import {
  type CloudEvent,
  NO_DIVISION,
  type ServiceName,
  sequenceOf,
  sourceOf,
  typeOf,
} from '@landcase/contracts';
import type { RecordedEvent } from '@landcase/eventstore';

/** The attributes every landcase CloudEvent carries as strings (`sequence` is optional). */
export const REQUIRED_ATTRIBUTES = [
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'actor',
  'division',
  'correlationid',
  'causationid',
] as const;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : value === undefined || value === null ? undefined : String(value);

/**
 * The CloudEvent a service publishes for one of its stored events. The partition key that goes
 * with it is {@link caseIdOf}. Metadata the spec names become extensions; `ruleSetVersion`, where a
 * rule decided the event, travels as the `rulesetversion` extension. `sequence` is the store
 * position zero-padded to a fixed width, so it sorts as text; `division` of an event recorded
 * without one is NO_DIVISION.
 */
export function toCloudEvent(
  service: ServiceName,
  recorded: RecordedEvent,
): CloudEvent<Record<string, unknown>> {
  const m = recorded.metadata;
  const event: CloudEvent<Record<string, unknown>> & { rulesetversion?: string } = {
    specversion: '1.0',
    id: recorded.id,
    source: sourceOf(service),
    type: typeOf(service, recorded.type),
    subject: caseIdOf(recorded),
    time: recorded.recordedAt,
    datacontenttype: 'application/json',
    data: recorded.data,
    actor: text(m.actor) ?? '',
    // An event recorded without a division (the system's own, before SYSTEM_ACTOR named one).
    division: text(m.division) || NO_DIVISION,
    correlationid: text(m.correlationId) ?? '',
    causationid: text(m.causationId) ?? '',
    sequence: sequenceOf(recorded.position),
  };
  const ruleSetVersion = text(m.ruleSetVersion);
  if (ruleSetVersion !== undefined) event.rulesetversion = ruleSetVersion;
  return event;
}

/**
 * The case a stored event belongs to: metadata.caseId, else data.caseId. A stream id is the last
 * resort so that an event without one still keeps its stream's order on the bus.
 */
export function caseIdOf(recorded: RecordedEvent): string {
  return text(recorded.metadata.caseId) ?? text(recorded.data.caseId) ?? recorded.streamId;
}

/** Why `value` is not a CloudEvent this system can handle, or null when it is one. */
export function cloudEventProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const event = value as Record<string, unknown>;
  if (event.specversion !== '1.0') return `unsupported specversion ${JSON.stringify(event.specversion)}`;
  for (const name of REQUIRED_ATTRIBUTES) {
    if (typeof event[name] !== 'string') return `attribute "${name}" is missing or not a string`;
  }
  for (const name of ['id', 'source', 'type'] as const) {
    if (event[name] === '') return `attribute "${name}" is empty`;
  }
  if (!('data' in event) || event.data === undefined) return 'no data';
  return null;
}

/**
 * What a log line about one message carries to find it again: the case (`subject`) and the
 * CloudEvent's `correlationid` and `causationid`, those it has (a malformed event may lack some).
 */
export function traceOf(event: Partial<CloudEvent>): Record<string, string> {
  const trace: Record<string, string> = {};
  if (typeof event.subject === 'string' && event.subject) trace.caseId = event.subject;
  if (typeof event.correlationid === 'string') trace.correlationid = event.correlationid;
  if (typeof event.causationid === 'string') trace.causationid = event.causationid;
  return trace;
}
