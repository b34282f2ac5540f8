// The promises every EventStore adapter keeps, as one vitest suite. Each test names its streams
// uniquely (and filters by its own prefix), so the suite can run against a shared server.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type EventStore,
  type NewEvent,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
} from './port.ts';

export interface EventStoreContractOptions {
  /** The adapter promises gap-free positions (1, 2, 3, ...), as the SQLite store does. */
  gapFree?: boolean;
  /** The adapter keeps snapshots (readSnapshot, writeSnapshot); else it must offer neither. */
  snapshots?: boolean;
}

export function eventStoreContract(
  name: string,
  factory: () => Promise<EventStore>,
  options: EventStoreContractOptions = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    let counter = 0;
    /** A name no other test (or run) uses; streams of one test live under `${unique}.`. */
    const unique = (label: string) => `contract${run}-${label}-${++counter}`;

    let store: EventStore;
    const subscriptions: Subscription[] = [];

    beforeEach(async () => {
      store = await factory();
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
      await store.close();
    });

    /** Subscribes and collects; `until(n)` resolves once n events arrived, rejects on onError. */
    function collect(
      opts: Omit<SubscribeOptions, 'onEvent' | 'onError'>,
      onEvent?: (e: RecordedEvent) => Promise<void>,
    ) {
      const events: RecordedEvent[] = [];
      const errors: unknown[] = [];
      let waiters: { count: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
      const settle = () => {
        waiters = waiters.filter((w) => {
          if (events.length < w.count) return true;
          w.resolve();
          return false;
        });
      };
      const sub = store.subscribe({
        ...opts,
        onEvent: async (e) => {
          events.push(e);
          if (onEvent) await onEvent(e);
          settle();
        },
        onError: (error) => {
          errors.push(error);
          for (const w of waiters.splice(0)) w.reject(error);
        },
      });
      subscriptions.push(sub);
      return {
        sub,
        events,
        errors,
        until: (count: number) =>
          new Promise<RecordedEvent[]>((resolve, reject) => {
            // The subscription may have failed before anyone waited.
            if (errors.length > 0) return reject(errors[0]);
            waiters.push({ count, resolve: () => resolve(events.slice(0, count)), reject });
            settle();
          }),
      };
    }

    /** A position before everything this test appends, and the prefix its streams share. */
    async function startTest(label: string): Promise<{ prefix: string; from: number }> {
      const prefix = `${unique(label)}.`;
      const marker = await store.append(`${prefix}~marker`, [ev('Marker')], 'no_stream');
      return { prefix, from: marker.position };
    }

    async function rejection(promise: Promise<unknown>): Promise<unknown> {
      return promise.then(
        () => {
          throw new Error('expected a rejection');
        },
        (error: unknown) => error,
      );
    }

    async function expectWrongRevision(promise: Promise<unknown>, actual: number) {
      const error = await rejection(promise);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as WrongExpectedRevisionError).actual).toBe(actual);
    }

    const ids = (events: { id: string }[]) => events.map((e) => e.id);

    describe('append and readStream', () => {
      it('appends to a new stream with no_stream and reads the events back in revision order', async () => {
        const s = unique('new');
        const events = [ev('A', { n: 1 }), ev('B', { n: 2 }), ev('C', { n: 3 })];
        const result = await store.append(s, events, 'no_stream');
        expect(result.nextRevision).toBe(2);

        const read = await store.readStream(s);
        expect(ids(read)).toEqual(ids(events));
        expect(read.map((e) => e.type)).toEqual(['A', 'B', 'C']);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(read.every((e) => e.streamId === s)).toBe(true);
        expect(read.map((e) => e.data)).toEqual(events.map((e) => e.data));
        expect(result.position).toBe(read[2]!.position);
        for (const e of read) {
          expect(e.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        }
      });

      it('refuses no_stream on an existing stream, reporting its revision', async () => {
        const s = unique('nostream');
        await store.append(s, [ev('A'), ev('B')], 'no_stream');
        await expectWrongRevision(store.append(s, [ev('C')], 'no_stream'), 1);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it('appends with any to an absent and to an existing stream', async () => {
        const s = unique('any');
        expect((await store.append(s, [ev('A')], 'any')).nextRevision).toBe(0);
        expect((await store.append(s, [ev('B'), ev('C')], 'any')).nextRevision).toBe(2);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('refuses stream_exists on an absent stream (actual -1) and appends to an existing one', async () => {
        const s = unique('exists');
        await expectWrongRevision(store.append(s, [ev('A')], 'stream_exists'), -1);
        expect(await store.readStream(s)).toEqual([]);
        await store.append(s, [ev('A')], 'no_stream');
        expect((await store.append(s, [ev('B')], 'stream_exists')).nextRevision).toBe(1);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it('appends at an exact revision only when it is the last revision', async () => {
        const s = unique('exact');
        await expectWrongRevision(store.append(s, [ev('X')], 0), -1);
        await store.append(s, [ev('A'), ev('B')], 'no_stream');
        await expectWrongRevision(store.append(s, [ev('X')], 0), 1);
        await expectWrongRevision(store.append(s, [ev('X')], 2), 1);
        expect((await store.append(s, [ev('C')], 1)).nextRevision).toBe(2);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('leaves the stream and the global log unchanged when an append conflicts', async () => {
        const { prefix, from } = await startTest('conflict');
        const s = `${prefix}s`;
        await store.append(s, [ev('A')], 'no_stream');
        const before = await store.readStream(s);
        const refused = [ev('X'), ev('Y'), ev('Z')];
        await expectWrongRevision(store.append(s, refused, 5), 0);
        expect(await store.readStream(s)).toEqual(before);
        const all = await store.readAll({ fromPosition: from, filter: { streamPrefixes: [prefix] } });
        expect(ids(all)).toEqual(ids(before));
      });

      it('returns an empty list for a stream that does not exist', async () => {
        expect(await store.readStream(unique('missing'))).toEqual([]);
      });

      it('reads a stream from a revision on', async () => {
        const s = unique('from-rev');
        await store.append(s, [ev('A'), ev('B'), ev('C'), ev('D')], 'no_stream');
        expect((await store.readStream(s, { fromRevision: 2 })).map((e) => e.type)).toEqual(['C', 'D']);
        expect((await store.readStream(s, { fromRevision: 0 })).map((e) => e.type)).toEqual([
          'A',
          'B',
          'C',
          'D',
        ]);
        expect(await store.readStream(s, { fromRevision: 4 })).toEqual([]);
      });

      it('round-trips data and metadata exactly', async () => {
        const { prefix, from } = await startTest('roundtrip');
        const s = `${prefix}s`;
        const data = {
          caseId: 'LC-330106-20250101-0a1b2c3d',
          text: '永久基本农田 违法占用 — “引号” \u00e9 😀',
          areaMu: 12.375,
          negative: -3,
          big: 9007199254740991,
          flags: [true, false, null],
          nested: {
            parcels: [
              {
                id: 'p1',
                ring: [
                  [120.1, 30.2],
                  [120.2, 30.3],
                ],
              },
            ],
            empty: {},
          },
          nothing: null,
        };
        const metadata = {
          caseId: data.caseId,
          actor: 'nrb:inspector-7',
          division: '330106',
          correlationId: randomUUID(),
          causationId: randomUUID(),
          ruleSetVersion: '2025.1',
        };
        const event: NewEvent = { id: randomUUID(), type: 'ClueReported', data, metadata };
        await store.append(s, [event], 'no_stream');
        const [read] = await store.readStream(s);
        expect(read?.data).toEqual(data);
        expect(read?.metadata).toEqual(metadata);
        const [viaAll] = await store.readAll({ fromPosition: from, filter: { streamPrefixes: [s] } });
        expect(viaAll).toEqual(read);
      });

      it('stores a retried append once and returns the original result', async () => {
        const s = unique('retry');
        const batch = [ev('A', { n: 1 }), ev('B', { n: 2 })];
        const first = await store.append(s, batch, 'no_stream');
        const again = await store.append(s, batch, 'no_stream');
        expect(again).toEqual(first);
        expect(ids(await store.readStream(s))).toEqual(ids(batch));

        const next = [ev('C')];
        const third = await store.append(s, next, 1);
        expect(await store.append(s, next, 1)).toEqual(third);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('refuses an append without events', async () => {
        const s = unique('empty');
        expect(await rejection(store.append(s, [], 'any'))).toBeInstanceOf(RangeError);
        expect(await store.readStream(s)).toEqual([]);
      });
    });

    describe('global order (readAll)', () => {
      it('returns the events of all streams in append order, after an exclusive position', async () => {
        const { prefix, from } = await startTest('all-order');
        const a1 = ev('A1');
        const b1 = ev('B1');
        const a2 = ev('A2');
        const a3 = ev('A3');
        await store.append(`${prefix}a`, [a1], 'no_stream');
        await store.append(`${prefix}b`, [b1], 'no_stream');
        await store.append(`${prefix}a`, [a2, a3], 0);

        const all = await store.readAll({ fromPosition: from, filter: { streamPrefixes: [prefix] } });
        expect(ids(all)).toEqual([a1.id, b1.id, a2.id, a3.id]);
        expect(all.every((e) => e.position > from)).toBe(true);
        expect(all.map((e) => [e.streamId, e.revision])).toEqual([
          [`${prefix}a`, 0],
          [`${prefix}b`, 0],
          [`${prefix}a`, 1],
          [`${prefix}a`, 2],
        ]);

        const afterB1 = await store.readAll({
          fromPosition: all[1]!.position,
          filter: { streamPrefixes: [prefix] },
        });
        expect(ids(afterB1)).toEqual([a2.id, a3.id]);
      });

      it('stops at maxCount, with and without a filter', async () => {
        const { prefix, from } = await startTest('all-max');
        const batch = [ev('A'), ev('B'), ev('C')];
        await store.append(`${prefix}s`, batch, 'no_stream');
        const [first] = await store.readStream(`${prefix}s`);

        // One append's events are contiguous in the global order.
        expect(ids(await store.readAll({ fromPosition: first!.position, maxCount: 1 }))).toEqual([
          batch[1]!.id,
        ]);
        expect(ids(await store.readAll({ fromPosition: first!.position, maxCount: 2 }))).toEqual([
          batch[1]!.id,
          batch[2]!.id,
        ]);
        const filtered = await store.readAll({
          fromPosition: from,
          maxCount: 2,
          filter: { streamPrefixes: [prefix] },
        });
        expect(ids(filtered)).toEqual([batch[0]!.id, batch[1]!.id]);
      });

      it(`gives strictly increasing positions${options.gapFree ? ' without gaps' : ''}`, async () => {
        const { prefix, from } = await startTest('positions');
        const results = [];
        for (let i = 0; i < 5; i++) {
          results.push(await store.append(`${prefix}s${i % 2}`, [ev('A'), ev('B')], 'any'));
        }
        const all = await store.readAll({ fromPosition: from, filter: { streamPrefixes: [prefix] } });
        expect(all).toHaveLength(10);
        const positions = all.map((e) => e.position);
        for (let i = 1; i < positions.length; i++) expect(positions[i]!).toBeGreaterThan(positions[i - 1]!);
        expect(results.map((r) => r.position)).toEqual(positions.filter((_, i) => i % 2 === 1));
        if (options.gapFree) {
          expect(positions).toEqual(Array.from({ length: 10 }, (_, i) => from + 1 + i));
          const unfiltered = await store.readAll({ fromPosition: from });
          expect(unfiltered.map((e) => e.position)).toEqual(positions);
        }
      });

      it('returns nothing for an empty prefix list', async () => {
        const { from } = await startTest('all-none');
        expect(await store.readAll({ fromPosition: from, filter: { streamPrefixes: [] } })).toEqual([]);
      });
    });

    describe('subscribe', () => {
      it('catches up on stored events, then delivers live ones, in global order', async () => {
        const { prefix, from } = await startTest('sub-catchup');
        const stored = [ev('S1'), ev('S2'), ev('S3')];
        await store.append(`${prefix}a`, stored.slice(0, 2), 'no_stream');
        await store.append(`${prefix}b`, stored.slice(2), 'no_stream');

        const c = collect({ fromPosition: from, filter: { streamPrefixes: [prefix] } });
        expect(ids(await c.until(3))).toEqual(ids(stored));

        const live = [ev('L1'), ev('L2')];
        await store.append(`${prefix}a`, [live[0]!], 1);
        await store.append(`${prefix}c`, [live[1]!], 'no_stream');
        const all = await c.until(5);
        expect(ids(all)).toEqual([...stored, ...live].map((e) => e.id));
        for (let i = 1; i < all.length; i++) expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);
        expect(all).toEqual(
          await store.readAll({ fromPosition: from, filter: { streamPrefixes: [prefix] } }),
        );
      });

      it('starts after the given position', async () => {
        const { prefix } = await startTest('sub-from');
        await store.append(`${prefix}s`, [ev('A'), ev('B'), ev('C')], 'no_stream');
        const [, b, cEvent] = await store.readStream(`${prefix}s`);

        const c = collect({ fromPosition: b!.position, filter: { streamPrefixes: [prefix] } });
        expect(ids(await c.until(1))).toEqual([cEvent!.id]);
        const d = ev('D');
        await store.append(`${prefix}s`, [d], 2);
        expect(ids(await c.until(2))).toEqual([cEvent!.id, d.id]);
      });

      it('without a position, starts from the beginning of the log', async () => {
        const prefix = `${unique('sub-start')}.`;
        const first = ev('First');
        await store.append(`${prefix}s`, [first], 'no_stream');
        const c = collect({ filter: { streamPrefixes: [prefix] } });
        expect(ids(await c.until(1))).toEqual([first.id]);
      });

      it('delivers only the streams matching one of the prefixes', async () => {
        const { from } = await startTest('sub-filter');
        const p1 = `${unique('p1')}.`;
        const p2 = `${unique('p2')}.`;
        const p3 = `${unique('p3')}.`;
        const c = collect({ fromPosition: from, filter: { streamPrefixes: [p1, p2] } });
        const wanted: NewEvent[] = [];
        for (let i = 0; i < 3; i++) {
          const e1 = ev('One');
          const e3 = ev('Three');
          const e2 = ev('Two');
          await store.append(`${p1}s`, [e1], 'any');
          await store.append(`${p3}s`, [e3], 'any');
          await store.append(`${p2}s`, [e2], 'any');
          wanted.push(e1, e2);
        }
        // A marker after everything: once it is in, every earlier match has been delivered.
        const last = ev('Last');
        await store.append(`${p2}end`, [last], 'no_stream');
        expect(ids(await c.until(7))).toEqual([...wanted, last].map((e) => e.id));
        expect(c.events.every((e) => e.streamId.startsWith(p1) || e.streamId.startsWith(p2))).toBe(true);
      });

      it('waits for each handler before delivering the next event', async () => {
        const { prefix, from } = await startTest('sub-serial');
        let inFlight = 0;
        let maxInFlight = 0;
        const c = collect({ fromPosition: from, filter: { streamPrefixes: [prefix] } }, async () => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await nextMacrotask();
          await nextMacrotask();
          inFlight--;
        });
        const batch = Array.from({ length: 10 }, (_, i) => ev('E', { i }));
        await store.append(`${prefix}s`, batch.slice(0, 5), 'no_stream');
        await store.append(`${prefix}s`, batch.slice(5), 4);
        expect(ids(await c.until(10))).toEqual(ids(batch));
        expect(maxInFlight).toBe(1);
      });

      it('stop() resolves after the handler in flight returns, and nothing is delivered after it', async () => {
        const { prefix, from } = await startTest('sub-stop');
        const order: string[] = [];
        let release!: () => void;
        const gate = new Promise<void>((r) => {
          release = r;
        });
        let entered!: () => void;
        const inHandler = new Promise<void>((r) => {
          entered = r;
        });
        const c = collect({ fromPosition: from, filter: { streamPrefixes: [prefix] } }, async () => {
          entered();
          await gate;
          order.push('handler returned');
        });
        await store.append(`${prefix}s`, [ev('A'), ev('B')], 'no_stream');
        await inHandler;

        const stopping = c.sub.stop().then(() => order.push('stop resolved'));
        for (let i = 0; i < 5; i++) await nextMacrotask();
        expect(order).toEqual([]);
        release();
        await stopping;
        expect(order).toEqual(['handler returned', 'stop resolved']);

        const later = ev('C');
        await store.append(`${prefix}s`, [later], 1);
        const witness = collect({ fromPosition: from, filter: { streamPrefixes: [prefix] } });
        expect((await witness.until(3)).at(-1)?.id).toBe(later.id);
        expect(c.events).toHaveLength(1);
      });

      it('lets a handler stop its own subscription', async () => {
        const { prefix, from } = await startTest('sub-self-stop');
        let sub: Subscription | undefined;
        let stoppedInside!: () => void;
        const done = new Promise<void>((r) => {
          stoppedInside = r;
        });
        const c = collect({ fromPosition: from, filter: { streamPrefixes: [prefix] } }, async () => {
          await sub?.stop();
          stoppedInside();
        });
        sub = c.sub;
        await store.append(`${prefix}s`, [ev('A'), ev('B')], 'no_stream');
        await done;
        await c.sub.stop();
        expect(c.events).toHaveLength(1);
      });

      it('reports a throwing handler through onError and delivers nothing more', async () => {
        const { prefix, from } = await startTest('sub-error');
        const boom = new Error('handler failed');
        const c = collect({ fromPosition: from, filter: { streamPrefixes: [prefix] } }, async () => {
          throw boom;
        });
        await store.append(`${prefix}s`, [ev('A'), ev('B')], 'no_stream');
        expect(await rejection(c.until(2))).toBe(boom);
        expect(c.errors).toEqual([boom]);

        const witness = collect({ fromPosition: from, filter: { streamPrefixes: [prefix] } });
        await store.append(`${prefix}s`, [ev('C')], 1);
        await witness.until(3);
        expect(c.events).toHaveLength(1);
      });
    });

    describe('concurrency and volume', () => {
      it('lets exactly one of several racing appends at the same revision win', async () => {
        const s = unique('race');
        await store.append(s, [ev('Created')], 'no_stream');
        const contenders = Array.from({ length: 8 }, (_, i) => ev('Contender', { i }));
        const outcomes = await Promise.allSettled(contenders.map((e) => store.append(s, [e], 0)));

        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(7);
        for (const o of lost) {
          expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect((o.reason as WrongExpectedRevisionError).actual).toBe(1);
        }
        const read = await store.readStream(s);
        expect(read).toHaveLength(2);
        const winner = contenders[outcomes.indexOf(won[0]!)]!;
        expect(read[1]!.id).toBe(winner.id);
      });

      it('lets exactly one of several racing creations of a stream win', async () => {
        const s = unique('race-create');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) => store.append(s, [ev('Created', { i })], 'no_stream')),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(s)).toHaveLength(1);
      });

      it('keeps 1000 events in order in the stream, in readAll and in a subscription', async () => {
        const { prefix, from } = await startTest('volume');
        const s = `${prefix}s`;
        const c = collect({ fromPosition: from, filter: { streamPrefixes: [prefix] } });
        const all: NewEvent[] = [];
        for (let b = 0; b < 10; b++) {
          const batch = Array.from({ length: 100 }, (_, i) => ev('Tick', { n: b * 100 + i }));
          await store.append(s, batch, b === 0 ? 'no_stream' : b * 100 - 1);
          all.push(...batch);
        }
        const read = await store.readStream(s);
        expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
        expect(ids(read)).toEqual(all.map((e) => e.id));
        expect(
          ids(await store.readAll({ fromPosition: from, filter: { streamPrefixes: [prefix] } })),
        ).toEqual(all.map((e) => e.id));
        expect(ids(await c.until(1000))).toEqual(all.map((e) => e.id));
      });
    });

    describe('snapshots', () => {
      if (!options.snapshots) {
        it('offers neither snapshot method, so callers fold every stream from its start', () => {
          expect(store.readSnapshot).toBeUndefined();
          expect(store.writeSnapshot).toBeUndefined();
        });
        return;
      }
      const snapshot = (revision: number, state: unknown = { n: revision }) => ({
        revision,
        machineVersion: 'machine-1',
        ruleSetVersion: '2026.1',
        state,
      });
      const filled = async (label: string, events: number) => {
        const { prefix, from } = await startTest(label);
        const s = `${prefix}s`;
        await store.append(
          s,
          Array.from({ length: events }, (_, n) => ev('Tick', { n })),
          'no_stream',
        );
        return { s, prefix, from };
      };

      it('has none for a stream that never had one, nor for a stream that does not exist', async () => {
        const { s, prefix } = await filled('snap-none', 2);
        expect(await store.readSnapshot!(s)).toBeUndefined();
        expect(await store.readSnapshot!(`${prefix}absent`)).toBeUndefined();
      });

      it('reads back the snapshot written, its state as JSON, for that stream only', async () => {
        const { s, prefix } = await filled('snap-roundtrip', 3);
        const state = { value: { investigation: 'heard' }, context: { list: [1, 'two', null], 亩: 6.5 } };
        await store.writeSnapshot!(s, snapshot(2, state));
        expect(await store.readSnapshot!(s)).toEqual(snapshot(2, state));
        await store.append(`${prefix}t`, [ev('Tick')], 'no_stream');
        expect(await store.readSnapshot!(`${prefix}t`)).toBeUndefined();
      });

      it('keeps the latest: a later snapshot replaces it, an earlier one does not', async () => {
        const { s } = await filled('snap-latest', 5);
        await store.writeSnapshot!(s, snapshot(1));
        await store.writeSnapshot!(s, snapshot(3, { n: 'three' }));
        expect((await store.readSnapshot!(s))?.state).toEqual({ n: 'three' });
        await store.writeSnapshot!(s, snapshot(2, { n: 'stale' }));
        expect(await store.readSnapshot!(s)).toEqual(snapshot(3, { n: 'three' }));
        await store.writeSnapshot!(s, { ...snapshot(3, { n: 'again' }), machineVersion: 'machine-2' });
        expect(await store.readSnapshot!(s)).toMatchObject({
          machineVersion: 'machine-2',
          state: { n: 'again' },
        });
      });

      it('refuses a revision the stream has not reached, a negative one and a state with no JSON form', async () => {
        const { s, prefix } = await filled('snap-refused', 2);
        expect(await rejection(store.writeSnapshot!(s, snapshot(2)))).toBeInstanceOf(RangeError);
        expect(await rejection(store.writeSnapshot!(`${prefix}absent`, snapshot(0)))).toBeInstanceOf(
          RangeError,
        );
        expect(await rejection(store.writeSnapshot!(s, snapshot(-1)))).toBeInstanceOf(RangeError);
        expect(await rejection(store.writeSnapshot!(s, { ...snapshot(1), state: undefined }))).toBeInstanceOf(
          RangeError,
        );
        expect(await store.readSnapshot!(s)).toBeUndefined();
      });

      it('is no event: the stream, the global log and subscriptions are as before', async () => {
        const { s, prefix, from } = await filled('snap-not-an-event', 2);
        const c = collect({ fromPosition: from, filter: { streamPrefixes: [prefix] } });
        await store.writeSnapshot!(s, snapshot(1));
        await store.append(s, [ev('After')], 1);
        expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Tick', 'Tick', 'After']);
        expect(
          (await store.readAll({ fromPosition: from, filter: { streamPrefixes: [prefix] } })).map(
            (e) => e.type,
          ),
        ).toEqual(['Tick', 'Tick', 'After']);
        expect((await c.until(3)).map((e) => e.type)).toEqual(['Tick', 'Tick', 'After']);
      });
    });
  });
}

function ev(type: string, data: Record<string, unknown> = {}): NewEvent {
  return { id: randomUUID(), type, data, metadata: { correlationId: randomUUID() } };
}
