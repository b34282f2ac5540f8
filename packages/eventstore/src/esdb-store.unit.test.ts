// EsdbEventStore's own logic (revision mapping, $all paging with inclusive starts, skipping system
// events, position read-back, serial delivery and stop) checked over an in-memory fake of the
// db-client. The fake follows the client's documented behaviour; the real server is exercised by
// esdb-store.int.test.ts.
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import {
  type AppendExpectedRevision,
  type EventData,
  type EventStoreDBClient,
  type Filter,
  type Position,
  type ReadPosition,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { eventStoreContract } from './contract-suite.ts';
import { EsdbEventStore } from './esdb-store.ts';

interface FakeRecord {
  streamId: string;
  id: string;
  isJson: true;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  position: Position;
}

/** Just enough of EventStoreDBClient: one log, non-contiguous positions, system events mixed in. */
class FakeEsdbClient {
  readonly log: FakeRecord[] = [];
  #commit = 1000n;
  #subscriptions = new Set<{ out: PassThrough; filter: Filter | undefined }>();

  constructor() {
    this.#write('$stats-127.0.0.1:2113', [
      { id: randomUUID(), type: '$statsCollected', data: {}, metadata: {} },
    ]);
  }

  #revisionOf(streamId: string): bigint | 'no_stream' {
    let r: bigint | 'no_stream' = 'no_stream';
    for (const e of this.log) if (e.streamId === streamId) r = e.revision;
    return r;
  }

  #write(streamId: string, events: { id: string; type: string; data: unknown; metadata: unknown }[]): bigint {
    let revision = this.#revisionOf(streamId);
    for (const e of events) {
      revision = revision === 'no_stream' ? 0n : revision + 1n;
      this.#commit += 137n; // byte offsets: increasing, never contiguous
      const record: FakeRecord = {
        streamId,
        id: e.id,
        isJson: true,
        revision,
        type: e.type,
        created: new Date(),
        data: structuredClone(e.data),
        metadata: structuredClone(e.metadata),
        position: { commit: this.#commit, prepare: this.#commit },
      };
      this.log.push(record);
      for (const s of this.#subscriptions) {
        if (passes(record, s.filter)) s.out.write({ event: record });
        // Like the server with a checkpoint interval: it reports how far it searched.
        else void s.filter?.checkpointReached?.(s.out as never, record.position);
      }
    }
    return revision as bigint;
  }

  async appendToStream(
    streamId: string,
    events: EventData[],
    options: { expectedRevision: AppendExpectedRevision },
  ) {
    const current = this.#revisionOf(streamId);
    const stored = this.log.filter((e) => e.streamId === streamId);
    // Idempotent retry: the same ids at the revisions right after the expected one.
    const start = typeof options.expectedRevision === 'bigint' ? Number(options.expectedRevision) + 1 : 0;
    const again = events.every((e, i) => stored[start + i]?.id === e.id);
    if (again && options.expectedRevision !== 'any' && stored.length >= start + events.length) {
      return { success: true, nextExpectedRevision: BigInt(start + events.length - 1) };
    }
    const expected = options.expectedRevision;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === 'no_stream') ||
      (expected === 'stream_exists' && current !== 'no_stream') ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName: streamId, expected, current });
    const nextExpectedRevision = this.#write(streamId, events);
    // Like the server: the write's log position (an idempotent retry above carries none).
    return { success: true, nextExpectedRevision, position: this.log.at(-1)!.position };
  }

  streamReads = 0;

  readStream(streamId: string, options: { fromRevision: 'start' | bigint; maxCount?: number }) {
    this.streamReads++;
    const from = options.fromRevision === 'start' ? 0n : options.fromRevision;
    const events = this.log.filter((e) => e.streamId === streamId);
    const picked = events
      .filter((e) => e.revision >= from)
      .slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER);
    return Readable.from(
      (async function* () {
        if (events.length === 0) throw new StreamNotFoundError(undefined, streamId);
        for (const event of picked) yield { event };
      })(),
    );
  }

  readAll(options: { fromPosition: ReadPosition; maxCount: number }) {
    const from = options.fromPosition === 'start' ? -1n : (options.fromPosition as Position).commit;
    // Like the server: the start position is inclusive.
    const picked = this.log.filter((e) => e.position.commit >= from).slice(0, options.maxCount);
    return Readable.from(picked.map((event) => ({ event })));
  }

  subscribeToAll(options: { fromPosition: ReadPosition; filter?: Filter }) {
    const out = new PassThrough({ objectMode: true, highWaterMark: 4 });
    const sub = { out, filter: options.filter };
    const from = options.fromPosition === 'start' ? -1n : (options.fromPosition as Position).commit;
    // Like the server: a subscription starts after its position.
    for (const e of this.log)
      if (e.position.commit > from && passes(e, options.filter)) out.write({ event: e });
    this.#subscriptions.add(sub);
    return Object.assign(out, {
      unsubscribe: async () => {
        this.#subscriptions.delete(sub);
        out.end();
      },
    });
  }

  async dispose() {
    for (const s of this.#subscriptions) s.out.end();
  }
}

function passes(e: FakeRecord, filter: Filter | undefined): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? e.streamId : e.type;
  if ('prefixes' in filter) return filter.prefixes.some((p) => subject.startsWith(p));
  return new RegExp(filter.regex).test(subject);
}

const overFake = (client = new FakeEsdbClient()) =>
  new EsdbEventStore(client as unknown as EventStoreDBClient);

eventStoreContract('EsdbEventStore over an in-memory fake of the db-client', async () => overFake());

describe('EsdbEventStore over the fake client', () => {
  it('pages through $all across page boundaries without repeating or losing events', async () => {
    const client = new FakeEsdbClient();
    const store = overFake(client);
    const ids: string[] = [];
    for (let b = 0; b < 3; b++) {
      const batch = Array.from({ length: 400 }, () => ({
        id: randomUUID(),
        type: 'Tick',
        data: {},
        metadata: {},
      }));
      await store.append(`s-${b}`, batch, 'no_stream');
      ids.push(...batch.map((e) => e.id));
    }
    const all = await store.readAll();
    expect(all.map((e) => e.id)).toEqual(ids);
    const from = all[599]!.position;
    expect((await store.readAll({ fromPosition: from })).map((e) => e.id)).toEqual(ids.slice(600));
    expect((await store.readAll({ fromPosition: from, maxCount: 3 })).map((e) => e.id)).toEqual(
      ids.slice(600, 603),
    );
  });

  it('hides the system events in the log from readAll and subscriptions', async () => {
    const client = new FakeEsdbClient();
    const store = overFake(client);
    const mine = { id: randomUUID(), type: 'CaseOpened', data: {}, metadata: {} };
    await store.append('enforcement.case-1', [mine], 'no_stream');
    expect(client.log.some((e) => e.streamId.startsWith('$'))).toBe(true);
    expect((await store.readAll()).map((e) => e.id)).toEqual([mine.id]);

    const seen: string[] = [];
    let arrived!: () => void;
    const delivered = new Promise<void>((r) => {
      arrived = r;
    });
    const sub = store.subscribe({
      onEvent: async (e) => {
        seen.push(e.id);
        arrived();
      },
    });
    await delivered;
    await sub.stop();
    expect(seen).toEqual([mine.id]);
    await store.close();
  });

  it('takes a one-event append’s position from the append result, and reads back only otherwise', async () => {
    const client = new FakeEsdbClient();
    const store = overFake(client);
    const one = { id: randomUUID(), type: 'A', data: {}, metadata: {} };
    const result = await store.append('s-1', [one], 'no_stream');
    expect(client.streamReads).toBe(0);
    expect(result.position).toBe((await store.readStream('s-1'))[0]!.position);
    client.streamReads = 0;
    const two = [1, 2].map(() => ({ id: randomUUID(), type: 'B', data: {}, metadata: {} }));
    const multi = await store.append('s-1', two, 0);
    expect(client.streamReads).toBe(1);
    // A retry the server deduplicates carries no position: read back.
    expect(await store.append('s-1', [one], 'no_stream')).toEqual(result);
    expect(multi.position).toBe((await store.readStream('s-1'))[2]!.position);
    await store.close();
  });

  it('passes on a server checkpoint only once the events before it are handled', async () => {
    const client = new FakeEsdbClient();
    const store = overFake(client);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let reported!: () => void;
    const checkpointed = new Promise<void>((r) => {
      reported = r;
    });
    const sub = store.subscribe({
      filter: { streamPrefixes: ['mine.'] },
      onEvent: async (e) => {
        await gate;
        order.push(`event ${e.type}`);
      },
      onCheckpoint: (position) => {
        order.push(`checkpoint ${position}`);
        reported();
      },
    });
    await store.append('mine.s', [{ id: randomUUID(), type: 'A', data: {}, metadata: {} }], 'no_stream');
    const other = await store.append(
      'other.s',
      [{ id: randomUUID(), type: 'X', data: {}, metadata: {} }],
      'no_stream',
    );
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    release();
    await checkpointed;
    expect(order).toEqual(['event A', `checkpoint ${other.position}`]);
    await sub.stop();
    await store.close();
  });
});
