import type { Actor, CloudEvent } from '@landcase/contracts';
import { type EventStore, SqliteEventStore } from '@landcase/eventstore';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import { Type } from '@sinclair/typebox';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { createContext, type ServiceContext } from './context.ts';
import { interleavingStore } from './interleaving-store.ts';
import { checkedData, openStreamOnce } from './reaction-commands.ts';

// A permit opened once per cause: none → requested.
type PermitEvent = { type: 'Requested'; data: { caseId: string; what: string } };
const permitMachine = setup({ types: { events: {} as PermitEvent } }).createMachine({
  id: 'permit',
  initial: 'none',
  states: { none: { on: { Requested: { target: 'requested' } } }, requested: {} },
});

const system: Actor = { sub: 'system', agency: 'nrb', division: '000000', roles: [] };
const cause: CloudEvent = {
  specversion: '1.0',
  id: 'ev-7',
  source: '/landcase/enforcement',
  type: 'landcase.enforcement.CaseFiled.v1',
  subject: 'C1',
  time: '2025-03-01T00:00:00.000Z',
  datacontenttype: 'application/json',
  data: { caseId: 'C1' },
  actor: 'nrb:wang',
  division: '141181',
  correlationid: 'corr-1',
  causationid: 'ev-6',
};

let store: EventStore;
let ctx: ServiceContext;

beforeEach(() => {
  store = SqliteEventStore.open(':memory:');
  let ids = 0;
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

const open = () =>
  openStreamOnce(ctx, {
    streamId: 'audit.permit-C1',
    caseId: 'C1',
    machine: permitMachine,
    actor: system,
    cause,
    decide: () => [{ type: 'Requested', data: { caseId: 'C1', what: 'barn' } }],
  });

describe('openStreamOnce', () => {
  it('starts the stream, correlated with and caused by the consumed event', async () => {
    expect(await open()).toBe(true);
    const [event] = await store.readStream('audit.permit-C1');
    expect(event?.type).toBe('Requested');
    expect(event?.metadata).toMatchObject({ correlationId: 'corr-1', causationId: 'ev-7' });
  });

  it('does nothing when the stream is already there (a redelivery)', async () => {
    await open();
    expect(await open()).toBe(false);
    expect(await store.readStream('audit.permit-C1')).toHaveLength(1);
  });

  it('does nothing when another instance starts the stream between its read and its append', async () => {
    const requested = { id: 'other', type: 'Requested', data: { caseId: 'C1', what: 'barn' }, metadata: {} };
    const racing = interleavingStore(store, {
      streamId: 'audit.permit-C1',
      times: 1,
      events: () => [requested],
    });
    ctx = { ...ctx, store: racing };
    expect(await open()).toBe(false);
    expect(racing.interleaved).toBe(1);
    expect((await store.readStream('audit.permit-C1')).map((e) => e.id)).toEqual(['other']);
  });
});

describe('checkedData', () => {
  const schema = Type.Object({ caseId: Type.String(), areaMu: Type.Number() });

  it('returns the data that matches the schema', () => {
    const event = { ...cause, data: { caseId: 'C1', areaMu: 6 } };
    expect(checkedData(schema, event, 'CaseFiled')).toEqual({ caseId: 'C1', areaMu: 6 });
  });

  it('throws on data that does not, naming the event and the first field', () => {
    expect(() => checkedData(schema, cause, 'CaseFiled')).toThrow(
      /^CaseFiled ev-7 does not match its schema: \/areaMu/,
    );
    expect(() => checkedData(schema, cause)).toThrow(/^landcase\.enforcement\.CaseFiled\.v1 ev-7 /);
  });
});
