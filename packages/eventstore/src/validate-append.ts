import type { ExpectedRevision, NewEvent } from './port.ts';

/** Rejects appends no adapter can honour the same way, before any I/O. */
export function assertAppendable(streamId: string, events: NewEvent[], expected: ExpectedRevision): void {
  if (typeof streamId !== 'string' || streamId === '') throw new TypeError('append: streamId is empty');
  // A system-stream name would be hidden from readAll and subscriptions on EventStoreDB.
  if (streamId.startsWith('$'))
    throw new TypeError(`append: stream ${streamId}: names starting with $ are reserved`);
  // An empty batch has no last event, so there would be no position to report.
  if (events.length === 0) throw new RangeError(`append: stream ${streamId}: no events to append`);
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new RangeError(`append: stream ${streamId}: expected revision ${expected} is not a revision`);
  }
  const ids = new Set<string>();
  for (const e of events) {
    if (typeof e.id !== 'string' || e.id === '')
      throw new TypeError(`append: stream ${streamId}: an event has no id`);
    if (typeof e.type !== 'string' || e.type === '') throw new TypeError(`append: event ${e.id} has no type`);
    if (e.type.startsWith('$'))
      throw new TypeError(`append: event ${e.id}: types starting with $ are reserved`);
    if (!isPlainObject(e.data)) throw new TypeError(`append: event ${e.id}: data must be a JSON object`);
    if (!isPlainObject(e.metadata))
      throw new TypeError(`append: event ${e.id}: metadata must be a JSON object`);
    if (ids.has(e.id)) throw new TypeError(`append: event id ${e.id} appears twice in one append`);
    ids.add(e.id);
  }
}

/** Whether a stream whose last revision is `current` (-1 = absent) meets the expectation. */
export function expectationHolds(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    default:
      return current === expected;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
