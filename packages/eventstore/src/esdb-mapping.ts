// Pure translations between the port and @eventstore/db-client, kept apart from I/O so they
// can be checked without a server.
//
// Positions: EventStoreDB orders $all by {commit, prepare}, two byte offsets in its log. Events
// written through the gRPC API are implicitly committed, so each event's commit position equals
// its prepare position and is unique and strictly increasing; the port's `position` is that
// commit position as a number (exact up to 2^53 bytes of log, about 9 PB). To resume from a
// number n, the adapter starts at {commit: n, prepare: n} and drops anything at or before n,
// because readAll treats its start as inclusive.
import {
  type AllStreamRecordedEvent,
  ANY,
  type AppendExpectedRevision,
  type CurrentRevision,
  type RecordedEvent as EsdbRecordedEvent,
  excludeSystemEvents,
  type Filter,
  type FilterBase,
  NO_STREAM,
  type Position,
  type ReadPosition,
  START,
  STREAM_EXISTS,
  streamNameFilter,
} from '@eventstore/db-client';
import type { ExpectedRevision, RecordedEvent, SubscriptionFilter } from './port.ts';

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/** The port's "actual" revision: -1 when the stream does not exist. */
export function fromEsdbCurrentRevision(current: CurrentRevision): number {
  return current === NO_STREAM ? -1 : Number(current);
}

/** The port's expectation back from the client's (for error reports). */
export function fromEsdbExpectedRevision(expected: AppendExpectedRevision): ExpectedRevision {
  return typeof expected === 'bigint' ? Number(expected) : expected;
}

/** Where to start reading $all so that the events after `fromPosition` are included. */
export function toReadPosition(fromPosition: number | undefined): ReadPosition {
  if (fromPosition === undefined || fromPosition <= 0) return START;
  const p = BigInt(Math.trunc(fromPosition));
  return { commit: p, prepare: p };
}

export function toPortPosition(position: Position): number {
  return Number(position.commit);
}

/** Events the port never shows: system streams and system event types ($-prefixed). */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

/**
 * How often the server reports how far a filtered subscription has searched, in multiples of its
 * search window (32 events by default): a quiet filter still moves its caller's checkpoint on.
 */
export const CHECKPOINT_INTERVAL = 1;

/** The server-side filter for a subscription; system events are excluded either way. */
export function toSubscriptionFilter(
  filter: SubscriptionFilter | undefined,
  checkpointReached?: FilterBase['checkpointReached'],
): Filter {
  const prefixes = filter?.streamPrefixes;
  const checkpoints = checkpointReached ? { checkpointInterval: CHECKPOINT_INTERVAL, checkpointReached } : {};
  return prefixes !== undefined && prefixes.length > 0
    ? streamNameFilter({ prefixes, ...checkpoints })
    : excludeSystemEvents(checkpoints);
}

export function toRecordedEvent(event: EsdbRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  if (!event.position) {
    // Servers before 20.6 omit positions on stream reads; the port cannot do without them.
    throw new Error(`event ${event.id} in ${event.streamId} came without a $all position`);
  }
  return {
    id: event.id,
    type: event.type,
    data: asObject(event.isJson ? event.data : undefined, `data of event ${event.id} in ${event.streamId}`),
    metadata: event.metadata === undefined ? {} : asObject(event.metadata, `metadata of event ${event.id}`),
    streamId: event.streamId,
    revision: Number(event.revision),
    position: toPortPosition(event.position),
    recordedAt: event.created.toISOString(),
  };
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  ) {
    return value as Record<string, unknown>;
  }
  throw new TypeError(`${what} is not a JSON object`);
}
