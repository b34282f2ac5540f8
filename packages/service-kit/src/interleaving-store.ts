import type { EventStore, NewEvent } from '@landcase/eventstore';

// For tests of concurrent writers without timing: another writer's event lands on a stream after
// a command read it and before the command appends, so the append meets a revision it never read.

export interface Interleaving {
  /** The stream the other writer writes. */
  streamId: string;
  /** How many of the appends to it are beaten (default: every one). */
  times?: number;
  /** The other writer's events, given how many it wrote before (0-based). */
  events(n: number): NewEvent[];
}

export interface InterleavingStore extends EventStore {
  /** How many times the other writer got in first so far. */
  readonly interleaved: number;
}

/** `inner`, except that the first `times` appends to `streamId` are each preceded by another writer's. */
export function interleavingStore(inner: EventStore, interleaving: Interleaving): InterleavingStore {
  let interleaved = 0;
  return {
    get interleaved() {
      return interleaved;
    },
    append: async (streamId, events, expected) => {
      if (
        streamId === interleaving.streamId &&
        interleaved < (interleaving.times ?? Number.POSITIVE_INFINITY)
      ) {
        await inner.append(streamId, interleaving.events(interleaved), 'any');
        interleaved += 1;
      }
      return inner.append(streamId, events, expected);
    },
    readStream: (streamId, options) => inner.readStream(streamId, options),
    readAll: (options) => inner.readAll(options),
    subscribe: (options) => inner.subscribe(options),
    close: () => inner.close(),
  };
}
