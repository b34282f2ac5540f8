// Small in-memory stand-ins for the ports messaging depends on, and helpers for its tests.
// Only unit tests and the contract suite use these.
import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@landcase/contracts';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '@landcase/eventstore';
import type { Checkpoints } from '@landcase/readmodels';

export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export class MemoryCheckpoints implements Checkpoints {
  readonly positions = new Map<string, number>();
  /** Every write, in order. */
  readonly writes: Array<{ name: string; position: number }> = [];
  async get(name: string): Promise<number | undefined> {
    return this.positions.get(name);
  }
  async set(name: string, position: number): Promise<void> {
    this.writes.push({ name, position });
    this.positions.set(name, position);
  }
}

/**
 * Just enough of an event store for the relay: appends in global order (positions 1, 2, ...) and a
 * catch-up subscription that then follows live appends. No concurrency checks.
 */
export class MemoryEventStore implements EventStore {
  readonly events: RecordedEvent[] = [];
  readonly #wakers = new Set<() => void>();

  async append(streamId: string, events: NewEvent[], _expected: ExpectedRevision): Promise<AppendResult> {
    let revision = this.events.filter((e) => e.streamId === streamId).length - 1;
    for (const event of events) {
      revision += 1;
      this.events.push({
        ...structuredClone(event),
        streamId,
        revision,
        position: this.events.length + 1,
        recordedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, this.events.length)).toISOString(),
      });
    }
    for (const wake of [...this.#wakers]) wake();
    return { nextRevision: revision, position: this.events.length };
  }

  async readStream(streamId: string, options: { fromRevision?: number } = {}): Promise<RecordedEvent[]> {
    return this.events.filter((e) => e.streamId === streamId && e.revision >= (options.fromRevision ?? 0));
  }

  async readAll(
    options: { fromPosition?: number; maxCount?: number; filter?: { streamPrefixes?: string[] } } = {},
  ): Promise<RecordedEvent[]> {
    const prefixes = options.filter?.streamPrefixes;
    return this.events
      .filter((e) => e.position > (options.fromPosition ?? 0))
      .filter((e) => !prefixes || prefixes.some((p) => e.streamId.startsWith(p)))
      .slice(0, options.maxCount ?? Number.POSITIVE_INFINITY);
  }

  subscribe(options: SubscribeOptions): Subscription {
    let stopped = false;
    let wake: (() => void) | undefined;
    const prefixes = options.filter?.streamPrefixes;
    const run = async () => {
      await Promise.resolve();
      let after = options.fromPosition ?? 0;
      try {
        while (!stopped) {
          // Read up to a fixed head, so events appended while handlers run are read next round.
          const head = this.events.length;
          const batch = this.events
            .slice(after, head)
            .filter((e) => !prefixes || prefixes.some((p) => e.streamId.startsWith(p)));
          for (const event of batch) {
            if (stopped) return;
            await options.onEvent(event);
          }
          after = head;
          if (this.events.length === head && !stopped) {
            await new Promise<void>((resolve) => {
              wake = () => {
                this.#wakers.delete(wake!);
                resolve();
              };
              this.#wakers.add(wake);
            });
          }
        }
      } catch (error) {
        stopped = true;
        options.onError?.(error);
      }
    };
    const finished = run();
    return {
      stop: async () => {
        stopped = true;
        wake?.();
        await finished;
      },
    };
  }

  async close(): Promise<void> {}
}

/** A well-formed CloudEvent for tests; `n` goes into the data so order can be checked. */
export function testEvent(
  n: number,
  overrides: Partial<CloudEvent<Record<string, unknown>>> = {},
): CloudEvent<Record<string, unknown>> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/landcase/detection',
    type: 'landcase.detection.ClueReported.v1',
    subject: overrides.subject ?? 'LC-330106-20250101-0000abcd',
    time: '2025-01-01T00:00:00.000Z',
    datacontenttype: 'application/json',
    data: { n, caseId: overrides.subject ?? 'LC-330106-20250101-0000abcd', note: '耕地 ✓' },
    actor: 'nrb:officer-1',
    division: '330106',
    correlationid: randomUUID(),
    causationid: randomUUID(),
    sequence: String(n),
    ...overrides,
  };
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. A wait, not a timing assertion. */
export async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 4_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
