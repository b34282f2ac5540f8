import type { Actor } from '@landcase/contracts';
import { type EventStore, SqliteEventStore } from '@landcase/eventstore';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import Fastify from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import {
  executeCommand,
  foldStream,
  ifMatchAccepts,
  loadAggregate,
  machineVersionOf,
  replyAggregate,
  type SnapshotPolicy,
  type ViewFold,
} from './command.ts';
import { createContext, type ServiceContext } from './context.ts';
import { interleavingStore } from './interleaving-store.ts';
import {
  ConcurrencyConflict,
  IllegalTransition,
  NotFound,
  PreconditionFailed,
  StreamAlreadyExists,
} from './problems.ts';
import { fileMachine } from './test-file-machine.ts';

// A permit: requested → granted | refused; a grant needs a reference number.
type PermitEvent =
  | { type: 'Requested'; data: { caseId: string; what: string } }
  | { type: 'Granted'; data: { caseId: string; ref: string } }
  | { type: 'Refused'; data: { caseId: string; reason: string } };

const permitMachine = setup({
  types: { events: {} as PermitEvent, context: {} as { what?: string; ref?: string } },
  guards: { hasRef: ({ event }) => event.type === 'Granted' && event.data.ref.length > 0 },
}).createMachine({
  id: 'permit',
  initial: 'none',
  context: {},
  states: {
    none: { on: { Requested: { target: 'requested' } } },
    requested: { on: { Granted: { target: 'granted', guard: 'hasRef' }, Refused: { target: 'refused' } } },
    granted: { type: 'final' },
    refused: { type: 'final' },
  },
});

const officer: Actor = { sub: 'wang', agency: 'nrb', division: '141181', roles: ['officer'] };
const streamId = 'audit.permit-C1';

let store: EventStore;
let ctx: ServiceContext;
let ids: number;

beforeEach(() => {
  store = SqliteEventStore.open(':memory:');
  ids = 0;
  ctx = createContext(
    'audit',
    { store, bus: {} as ServiceContext['bus'], readModels: new InMemoryReadModelStore() },
    {
      clock: { now: () => new Date('2025-03-01T00:00:00.000Z') },
      log: pino({ level: 'silent' }),
      newId: () => `id-${++ids}`,
    },
  );
});
afterEach(() => store.close());

const request = (overrides: Partial<Parameters<typeof executeCommand<typeof permitMachine>>[1]> = {}) =>
  executeCommand(ctx, {
    streamId,
    caseId: 'C1',
    machine: permitMachine,
    actor: officer,
    decide: () => [{ type: 'Requested', data: { caseId: 'C1', what: 'barn' } }],
    ...overrides,
  });

const grant = (overrides: Partial<Parameters<typeof executeCommand<typeof permitMachine>>[1]> = {}) =>
  request({ decide: () => [{ type: 'Granted', data: { caseId: 'C1', ref: 'P-7' } }], ...overrides });

describe('executeCommand', () => {
  it('appends the decided events with the full metadata', async () => {
    const result = await request({
      requestId: 'req-9',
      decide: (snapshot, events) => {
        expect(snapshot.value).toBe('none');
        expect(events).toEqual([]);
        return [
          { type: 'Requested', data: { caseId: 'C1', what: 'barn' }, metadata: { ruleSetVersion: 'r1' } },
        ];
      },
    });
    expect(result.revision).toBe(0);
    expect(result.snapshot.value).toBe('requested');
    const stored = await store.readStream(streamId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: 'id-1',
      type: 'Requested',
      data: { caseId: 'C1', what: 'barn' },
      metadata: {
        caseId: 'C1',
        actor: 'nrb:wang',
        division: '141181',
        correlationId: 'req-9',
        causationId: 'req-9',
        time: '2025-03-01T00:00:00.000Z',
        ruleSetVersion: 'r1',
      },
    });
    expect(result.events.map((e) => e.id)).toEqual(['id-1']);
  });

  it('uses the given correlation and causation ids, else mints one', async () => {
    await request({ correlationId: 'corr', causationId: 'cause', requestId: 'req' });
    await grant();
    const [first, second] = await store.readStream(streamId);
    expect(first!.metadata).toMatchObject({ correlationId: 'corr', causationId: 'cause' });
    // The second command had neither: one new id serves as both, then one id for the event.
    expect(second!.metadata).toMatchObject({ correlationId: 'id-2', causationId: 'id-2' });
    expect(second!.id).toBe('id-3');
  });

  it('never lets decide() overwrite who did it', async () => {
    await request({
      decide: () => [
        { type: 'Requested', data: { caseId: 'C1', what: 'barn' }, metadata: { actor: 'gov:boss' } },
      ],
    });
    expect((await store.readStream(streamId))[0]!.metadata.actor).toBe('nrb:wang');
  });

  it('folds the stream and appends at the revision read', async () => {
    await request();
    const result = await grant();
    expect(result.revision).toBe(1);
    expect(result.snapshot.value).toBe('granted');
    expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['Requested', 'Granted']);
  });

  it('refuses an illegal transition with the current state and allowed events, appending nothing', async () => {
    await request();
    const error = await request().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IllegalTransition);
    expect((error as IllegalTransition).problem).toMatchObject({
      status: 409,
      type: 'https://landcase.org/problems/illegal-transition',
      currentState: 'requested',
      allowedEvents: ['Granted', 'Refused'],
      attempted: 'Requested',
    });
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('refuses a transition whose guard fails, and a later event of a refused batch, appending nothing', async () => {
    await request();
    await expect(
      grant({ decide: () => [{ type: 'Granted', data: { caseId: 'C1', ref: '' } }] }),
    ).rejects.toThrow(IllegalTransition);
    const batch = grant({
      decide: () => [
        { type: 'Refused', data: { caseId: 'C1', reason: 'no' } },
        { type: 'Granted', data: { caseId: 'C1', ref: 'P-1' } },
      ],
    });
    await expect(batch).rejects.toMatchObject({ currentState: 'refused', allowedEvents: [] });
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('appends nothing when decide() returns no events', async () => {
    await request();
    const result = await request({ decide: () => [] });
    expect(result).toMatchObject({ revision: 0, events: [] });
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('answers 412 when If-Match is not the current revision, appending nothing', async () => {
    await request();
    const error = await grant({ ifMatch: '"3"' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreconditionFailed);
    expect((error as PreconditionFailed).problem).toMatchObject({ status: 412, currentRevision: 0 });
    expect(await store.readStream(streamId)).toHaveLength(1);
    await expect(request({ streamId: 'audit.permit-new', ifMatch: '"0"' })).rejects.toThrow(
      PreconditionFailed,
    );
    expect(await store.readStream('audit.permit-new')).toEqual([]);
  });

  it('accepts If-Match as "n", n, W/"n", a list or *', async () => {
    expect(ifMatchAccepts('"3"', 3)).toBe(true);
    expect(ifMatchAccepts(3, 3)).toBe(true);
    expect(ifMatchAccepts('W/"3"', 3)).toBe(true);
    expect(ifMatchAccepts('"1", "3"', 3)).toBe(true);
    expect(ifMatchAccepts('*', 3)).toBe(true);
    expect(ifMatchAccepts('*', -1)).toBe(false);
    expect(ifMatchAccepts('"2"', 3)).toBe(false);
    expect(ifMatchAccepts('three', 3)).toBe(false);
    await request();
    expect((await grant({ ifMatch: 'W/"0"' })).revision).toBe(1);
  });

  it('lets exactly one of two racing commands win; the other gets ConcurrencyConflict', async () => {
    await request();
    // Both commands read the stream before either appends: each decide() waits for the other's.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const decide = async () => {
      arrived += 1;
      if (arrived === 2) release();
      await bothRead;
      return [{ type: 'Granted' as const, data: { caseId: 'C1', ref: 'P-7' } }];
    };
    const results = await Promise.allSettled([grant({ decide }), grant({ decide })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(ConcurrencyConflict);
    expect((rejected[0]!.reason as ConcurrencyConflict).problem.status).toBe(409);
    expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['Requested', 'Granted']);
  });

  it('reports a lost race as 412 when the loser sent If-Match', async () => {
    await request();
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const decide = async () => {
      arrived += 1;
      if (arrived === 2) release();
      await bothRead;
      return [{ type: 'Refused' as const, data: { caseId: 'C1', reason: 'late' } }];
    };
    const results = await Promise.allSettled([
      grant({ decide, ifMatch: '"0"' }),
      grant({ decide, ifMatch: '"0"' }),
    ]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(PreconditionFailed);
    expect((rejected[0]!.reason as PreconditionFailed).currentRevision).toBe(1);
    expect(await store.readStream(streamId)).toHaveLength(2);
  });

  it('refuses to store an event that breaks the contracts catalogue', async () => {
    const reportMachine = setup({
      types: { events: {} as { type: 'ClueReported'; data: Record<string, unknown> } },
    }).createMachine({
      id: 'clue',
      initial: 'none',
      states: { none: { on: { ClueReported: 'reported' } }, reported: {} },
    });
    const detection = { ...ctx, service: 'detection' as const };
    await expect(
      executeCommand(detection, {
        streamId: 'detection.clue-C2',
        caseId: 'C2',
        machine: reportMachine,
        actor: officer,
        decide: () => [{ type: 'ClueReported', data: { caseId: 'C2', source: 'rumour' } }],
      }),
    ).rejects.toThrow(/ClueReported that breaks its schema/);
    expect(await store.readStream('detection.clue-C2')).toEqual([]);
  });
});

describe('executeCommand with a view folded beside the machine', () => {
  /** The event types so far, counting every event it is handed. */
  function typesView(): ViewFold<string[]> & { calls: number } {
    const view = {
      calls: 0,
      initial: [] as string[],
      evolve: (types: string[], event: { type: string }) => {
        view.calls += 1;
        return [...types, event.type];
      },
    };
    return view;
  }

  it('folds the stream once for both: decide gets the view as the stream left it, the result as the command did', async () => {
    await request();
    const view = typesView();
    const seen: string[][] = [];
    const result = await executeCommand(ctx, {
      streamId,
      caseId: 'C1',
      machine: permitMachine,
      actor: officer,
      view,
      decide: (snapshot, _events, types) => {
        seen.push(types);
        expect(snapshot.value).toBe('requested');
        return [{ type: 'Granted', data: { caseId: 'C1', ref: 'P-7' } }];
      },
    });
    expect(seen).toEqual([['Requested']]);
    expect(result.view).toEqual(['Requested', 'Granted']);
    expect(result.snapshot.value).toBe('granted');
    // One event read, one decided: each applied once.
    expect(view.calls).toBe(2);
  });

  it('folds nothing again when handed the fold of the very history it is given', async () => {
    await request();
    const view = typesView();
    const loaded = await loadAggregate(ctx, { streamId, machine: permitMachine, view });
    expect(loaded.view).toEqual(['Requested']);
    expect(view.calls).toBe(1);
    const result = await executeCommand(ctx, {
      streamId,
      caseId: 'C1',
      machine: permitMachine,
      actor: officer,
      history: loaded.events,
      folded: { snapshot: loaded.snapshot, view: loaded.view, revision: loaded.revision },
      view,
      decide: (snapshot, _events, types) => {
        expect(snapshot).toBe(loaded.snapshot);
        expect(types).toBe(loaded.view);
        return [{ type: 'Granted', data: { caseId: 'C1', ref: 'P-7' } }];
      },
    });
    expect(result.view).toEqual(['Requested', 'Granted']);
    expect(view.calls).toBe(2);
    // What the caller holds is not changed by the command.
    expect(loaded.view).toEqual(['Requested']);
  });

  it('ignores a fold handed over without the history it came from', async () => {
    await request();
    const view = typesView();
    const stale = foldStream(permitMachine, [], view);
    const result = await executeCommand(ctx, {
      streamId,
      caseId: 'C1',
      machine: permitMachine,
      actor: officer,
      folded: stale,
      view,
      decide: (snapshot, _events, types) => {
        expect(types).toEqual(['Requested']);
        expect(snapshot.value).toBe('requested');
        return [];
      },
    });
    expect(result.view).toEqual(['Requested']);
  });

  it('refuses a decided event the machine does not take, whatever the view says', async () => {
    await request();
    const view = typesView();
    await expect(
      executeCommand(ctx, {
        streamId,
        caseId: 'C1',
        machine: permitMachine,
        actor: officer,
        view,
        decide: () => [{ type: 'Requested', data: { caseId: 'C1', what: 'again' } }],
      }),
    ).rejects.toBeInstanceOf(IllegalTransition);
    expect(await store.readStream(streamId)).toHaveLength(1);
  });
});

describe('snapshots on the command path', () => {
  const fileStream = 'audit.file-C3';
  const types: ViewFold<string[]> = { initial: [], evolve: (list, e) => [...list, e.type] };
  const policy: SnapshotPolicy = {
    every: 3,
    machineVersion: machineVersionOf(fileMachine, 'types-1'),
    ruleSetVersion: '2026.1',
  };
  const seen: string[][] = [];
  /** One command on the file: opens it, else notes on it; decide records the events it was given. */
  const step = (overrides: { snapshots?: SnapshotPolicy } = { snapshots: policy }) =>
    executeCommand(ctx, {
      streamId: fileStream,
      caseId: 'C3',
      machine: fileMachine,
      actor: officer,
      view: types,
      ...overrides,
      decide: (_snapshot, events, list) => {
        seen.push(events.map((e) => String(e.revision)));
        return list.length === 0
          ? [{ type: 'Opened', data: { caseId: 'C3' } }]
          : [{ type: 'Noted', data: { caseId: 'C3', text: `note ${list.length}` } }];
      },
    });
  beforeEach(() => {
    seen.length = 0;
  });

  it('writes one each time the stream passes a multiple of `every`, and folds from it after', async () => {
    for (let i = 0; i < 7; i++) await step();
    // Revisions 0..6: snapshots taken at revision 2 and 5, the one kept is the latest.
    expect(await store.readSnapshot!(fileStream)).toMatchObject({
      revision: 5,
      machineVersion: policy.machineVersion,
      ruleSetVersion: '2026.1',
    });
    // Each command read only what came after the snapshot kept when it ran.
    expect(seen).toEqual([[], ['0'], ['0', '1'], [], ['3'], ['3', '4'], []]);
    const fromSnapshot = await loadAggregate(ctx, {
      streamId: fileStream,
      machine: fileMachine,
      view: types,
      snapshots: policy,
    });
    const fromStart = await loadAggregate(ctx, { streamId: fileStream, machine: fileMachine, view: types });
    expect(fromSnapshot.events.map((e) => e.revision)).toEqual([6]);
    expect(fromStart.events).toHaveLength(7);
    for (const loaded of [fromSnapshot, fromStart]) expect(loaded.revision).toBe(6);
    expect(fromSnapshot.view).toEqual(fromStart.view);
    expect(fromSnapshot.snapshot.value).toEqual(fromStart.snapshot.value);
    expect(fromSnapshot.snapshot.context).toEqual(fromStart.snapshot.context);
    expect(fromSnapshot.snapshot.status).toBe(fromStart.snapshot.status);
  });

  it('ignores a snapshot of another fold or rule set, and folds from the start', async () => {
    for (let i = 0; i < 4; i++) await step();
    seen.length = 0;
    await step({ snapshots: { ...policy, machineVersion: machineVersionOf(fileMachine, 'types-2') } });
    await step({ snapshots: { ...policy, ruleSetVersion: '2027.1' } });
    expect(seen).toEqual([
      ['0', '1', '2', '3'],
      ['0', '1', '2', '3', '4'],
    ]);
    // The file machine's definition is part of the version: another machine gets another.
    expect(machineVersionOf(fileMachine)).not.toBe(machineVersionOf(permitMachine));
    expect(machineVersionOf(fileMachine, 'a')).not.toBe(machineVersionOf(fileMachine, 'b'));
  });

  it('checks If-Match and the expected revision against the revision the snapshot and its tail reach', async () => {
    for (let i = 0; i < 3; i++) await step();
    expect((await store.readSnapshot!(fileStream))?.revision).toBe(2);
    await expect(
      executeCommand(ctx, {
        streamId: fileStream,
        caseId: 'C3',
        machine: fileMachine,
        actor: officer,
        view: types,
        snapshots: policy,
        ifMatch: '"1"',
        decide: () => [{ type: 'Noted', data: { caseId: 'C3', text: 'late' } }],
      }),
    ).rejects.toBeInstanceOf(PreconditionFailed);
    const result = await step();
    expect(result.revision).toBe(3);
    expect(result.view).toEqual(['Opened', 'Noted', 'Noted', 'Noted']);
  });

  it('goes on without snapshots on a store that keeps none, and when one cannot be written', async () => {
    const bare = { ...ctx, store: interleavingStore(store, { streamId: 'none', events: () => [] }) };
    expect(bare.store.readSnapshot).toBeUndefined();
    ctx = bare;
    for (let i = 0; i < 4; i++) await step();
    expect(seen).toEqual([[], ['0'], ['0', '1'], ['0', '1', '2']]);
    expect(await store.readSnapshot!(fileStream)).toBeUndefined();

    const warnings: unknown[] = [];
    ctx = {
      ...ctx,
      store: {
        append: (streamId, events, expected) => store.append(streamId, events, expected),
        readStream: (streamId, options) => store.readStream(streamId, options),
        readAll: (options) => store.readAll(options),
        subscribe: (options) => store.subscribe(options),
        close: () => store.close(),
        readSnapshot: (streamId) => store.readSnapshot!(streamId),
        writeSnapshot: async () => {
          throw new Error('disk full');
        },
      },
      log: {
        ...ctx.log,
        warn: (...args: unknown[]) => warnings.push(args),
      } as unknown as ServiceContext['log'],
    };
    await step();
    // Revision 5 passes a multiple of 3: the snapshot is due, its write fails, the command stands.
    const result = await step();
    expect(result.revision).toBe(5);
    expect((await store.readStream(fileStream)).length).toBe(6);
    expect(warnings).toHaveLength(1);
  });
});

describe('executeCommand with retry', () => {
  const fileStream = 'audit.file-C2';
  const userNote = (n: number) => [
    { id: `note-${n}`, type: 'Noted', data: { caseId: 'C2', text: `note ${n}` }, metadata: { caseId: 'C2' } },
  ];
  /** The file opened, and a user who notes on it between every read and append of the command. */
  async function givenAFileNotedMeanwhile(times?: number) {
    await store.append(
      fileStream,
      [{ id: 'open', type: 'Opened', data: { caseId: 'C2' }, metadata: {} }],
      'no_stream',
    );
    ctx = {
      ...ctx,
      store: interleavingStore(store, {
        streamId: fileStream,
        events: userNote,
        ...(times ? { times } : {}),
      }),
    };
  }
  const seen: string[][] = [];
  const confirm = (overrides: Partial<Parameters<typeof executeCommand<typeof fileMachine>>[1]> = {}) =>
    executeCommand(ctx, {
      streamId: fileStream,
      caseId: 'C2',
      machine: fileMachine,
      actor: officer,
      decide: (snapshot, events) => {
        seen.push(events.map((e) => e.type));
        return snapshot.value === 'open' ? [{ type: 'Confirmed', data: { caseId: 'C2' } }] : [];
      },
      ...overrides,
    });
  const types = async () => (await store.readStream(fileStream)).map((e) => e.type);
  beforeEach(() => {
    seen.length = 0;
  });

  it('decides again on the stream the other writer left, and appends there', async () => {
    await givenAFileNotedMeanwhile(1);
    const history = await store.readStream(fileStream);
    const result = await confirm({ history, retry: { sleep: async () => {} } });
    expect(seen).toEqual([['Opened'], ['Opened', 'Noted']]);
    expect(await types()).toEqual(['Opened', 'Noted', 'Confirmed']);
    expect(result.revision).toBe(2);
  });

  it('on a retry folds the stream it read again, not the fold it was handed', async () => {
    await givenAFileNotedMeanwhile(1);
    const history = await store.readStream(fileStream);
    const view: ViewFold<string[]> = { initial: [], evolve: (types, e) => [...types, e.type] };
    const views: string[][] = [];
    const result = await executeCommand(ctx, {
      streamId: fileStream,
      caseId: 'C2',
      machine: fileMachine,
      actor: officer,
      history,
      folded: foldStream(fileMachine, history, view),
      view,
      retry: { sleep: async () => {} },
      decide: (snapshot, _events, types) => {
        views.push(types);
        return snapshot.value === 'open' ? [{ type: 'Confirmed', data: { caseId: 'C2' } }] : [];
      },
    });
    expect(views).toEqual([['Opened'], ['Opened', 'Noted']]);
    expect(result.view).toEqual(['Opened', 'Noted', 'Confirmed']);
  });

  it('without retry, loses the race with ConcurrencyConflict and appends nothing', async () => {
    await givenAFileNotedMeanwhile(1);
    await expect(confirm()).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect(await types()).toEqual(['Opened', 'Noted']);
  });

  it('gives up with ConcurrencyConflict when every attempt is beaten', async () => {
    await givenAFileNotedMeanwhile();
    const failure = confirm({ retry: { attempts: 3, sleep: async () => {} } });
    await expect(failure).rejects.toThrow(/audit\.file-C2 was changed .*gave up after 3 attempts/);
    await expect(failure).rejects.not.toBeInstanceOf(StreamAlreadyExists);
    expect(await types()).toEqual(['Opened', 'Noted', 'Noted', 'Noted']);
  });

  it('refuses to retry a command that carries its own expected revision', async () => {
    await givenAFileNotedMeanwhile(1);
    await expect(confirm({ retry: true, ifMatch: '"0"' })).rejects.toThrow('appends at the revision it read');
    await expect(confirm({ retry: true, expected: 0 })).rejects.toThrow('appends at the revision it read');
    expect(await types()).toEqual(['Opened']);
  });

  it('answers a create that finds its stream there with StreamAlreadyExists, still a 409 conflict', async () => {
    await request();
    // Read before the other create landed: the decision is to create, the append finds the stream.
    const failure = request({ expected: 'no_stream', history: [] });
    await expect(failure).rejects.toBeInstanceOf(StreamAlreadyExists);
    expect(((await failure.catch((e: unknown) => e)) as ConcurrencyConflict).problem.status).toBe(409);
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('takes a stream found empty and then created meanwhile as a conflict to retry, not as done', async () => {
    await request();
    const failure = request({ history: [] });
    await expect(failure).rejects.toBeInstanceOf(ConcurrencyConflict);
    await expect(failure).rejects.not.toBeInstanceOf(StreamAlreadyExists);
  });
});

describe('loadAggregate and replyAggregate', () => {
  it('folds an existing stream, and answers NotFound for a missing one', async () => {
    await request();
    await grant();
    const aggregate = await loadAggregate(ctx, { streamId, machine: permitMachine });
    expect(aggregate.revision).toBe(1);
    expect(aggregate.snapshot.value).toBe('granted');
    expect(aggregate.events).toHaveLength(2);
    const missing = await loadAggregate(ctx, { streamId: 'audit.permit-none', machine: permitMachine }).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(NotFound);
    expect((missing as NotFound).problem.status).toBe(404);
  });

  it('sends { id, caseId, state, revision, ...fields } with ETag "<revision>"', async () => {
    await request();
    const app = Fastify();
    app.get('/permit', async (_request, reply) => {
      const { snapshot, revision } = await loadAggregate(ctx, { streamId, machine: permitMachine });
      return replyAggregate(reply, { id: 'C1', caseId: 'C1', snapshot, revision, fields: { what: 'barn' } });
    });
    const res = await app.inject({ url: '/permit' });
    expect(res.headers.etag).toBe('"0"');
    expect(res.json()).toEqual({ id: 'C1', caseId: 'C1', state: 'requested', revision: 0, what: 'barn' });
    await app.close();
  });
});
