import {
  enforcementCaseMachine,
  evolve,
  listStanding,
  referralMachine,
  stateString,
} from '@landcase/lifecycle';
import { toCloudEvent } from '@landcase/messaging';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceContext } from './context.ts';
import { dueReading, listDueFields } from './deadlines/due.ts';
import type { StreamEvent } from './deadlines/open-deadlines.ts';
import {
  caseStream,
  decideCase,
  type Harness,
  harness,
  recordFiledCase,
  type StreamStep,
  storedStream,
} from './deadlines/test-fixtures.ts';
import { keptHistory, pauseEventTypes } from './fold-history.ts';
import { FOLD_FIELD, type ListFold, listProjection, storedEventOf } from './list-projection.ts';
import { findPage } from './list-query.ts';

// A list of cases folded by a view that counts the events and lists their types, beside what
// every list document carries (state, standing, next deadline).
interface Counted {
  count: number;
  types: string[];
}

const casesOf = (ctx: ServiceContext) =>
  listProjection<typeof enforcementCaseMachine, Counted>(ctx, {
    name: 'cases',
    topics: ['landcase.enforcement.v1'],
    collection: 'cases',
    aggregate: 'case',
    machine: enforcementCaseMachine,
    evolveFields: (fields, event) =>
      event.type === 'CaseOpened' || fields
        ? { count: (fields?.count ?? 0) + 1, types: [...(fields?.types ?? []), event.type] }
        : null,
    document: ({ snapshot, fields, history }) => ({
      state: stateString(snapshot),
      ...fields,
      ...listStanding(enforcementCaseMachine, snapshot, history),
      ...listDueFields(ctx, enforcementCaseMachine, history, snapshot),
    }),
  });

describe('listProjection', () => {
  let h: Harness;
  const caseId = 'LC-141181-20250227-00000001';

  beforeEach(async () => {
    h = harness('enforcement');
    await recordFiledCase(h, caseId);
    await decideCase(h, caseId, [
      '2025-03-20T10:00:00+08:00',
      '2025-04-01T10:00:00+08:00',
      '2025-04-10T10:00:00+08:00',
    ]);
  });
  afterEach(() => h.close());

  it('applies each event to the fold the document holds, without reading the stream', async () => {
    const events = await h.store.readStream(caseStream(caseId));
    const readStream = vi.spyOn(h.store, 'readStream');
    const projection = casesOf(h.ctx);
    for (const event of events) await projection.applyStored(event, h.ctx.readModels);
    expect(readStream).not.toHaveBeenCalled();
    const doc = await h.ctx.readModels.collection('cases').get(caseId);
    expect(doc).toMatchObject({
      id: caseId,
      revision: events.length - 1,
      count: events.length,
      state: stateString(evolve(enforcementCaseMachine, events)),
      nextDueRule: 'deadline.case.comply',
    });
    expect((doc![FOLD_FIELD] as ListFold<Counted>).revision).toBe(events.length - 1);
    // The document shows the fields as they are: the fold names them instead of a second copy.
    expect(doc![FOLD_FIELD]).toMatchObject({ fields: null, fieldKeys: ['count', 'types'] });
    // The fold is bookkeeping: a list page never shows it.
    const page = await findPage(
      h.ctx.readModels.collection('cases'),
      {},
      {},
      { field: 'id', direction: 1 },
      dueReading(h.ctx),
    );
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).not.toHaveProperty(FOLD_FIELD);
    expect(page.items[0]).toHaveProperty('count', events.length);
  });

  it('writes the same document event by event as from the whole stream at once (a gap is read once)', async () => {
    const events = await h.store.readStream(caseStream(caseId));
    const one = casesOf(h.ctx);
    for (const event of events) await one.applyStored(event, h.ctx.readModels);
    const fresh = new InMemoryReadModelStore();
    const other = casesOf(h.instance(fresh));
    // Only the last event received: the document reads the events before it from the store.
    await other.applyStored(events.at(-1)!, fresh);
    expect(await fresh.collection('cases').get(caseId)).toEqual(
      await h.ctx.readModels.collection('cases').get(caseId),
    );
  });

  it('skips an event at or below the revision the document holds', async () => {
    const events = await h.store.readStream(caseStream(caseId));
    const projection = casesOf(h.ctx);
    for (const event of events) await projection.applyStored(event, h.ctx.readModels);
    const before = await h.ctx.readModels.collection('cases').get(caseId);
    const upsert = vi.fn();
    const spied = {
      ...h.ctx.readModels,
      collection: (name: string) => {
        const collection = h.ctx.readModels.collection(name);
        return { get: (id: string) => collection.get(id), upsert };
      },
    } as unknown as typeof h.ctx.readModels;
    await projection.applyStored(events[2]!, spied);
    await projection.applyStored(events.at(-1)!, spied);
    expect(upsert).not.toHaveBeenCalled();
    expect(await h.ctx.readModels.collection('cases').get(caseId)).toEqual(before);
  });

  it('ignores the streams of other aggregates', async () => {
    const projection = casesOf(h.ctx);
    expect(projection.idOf(caseStream(caseId))).toBe(caseId);
    expect(projection.idOf('enforcement.statistics-1411')).toBeNull();
    expect(projection.idOf('referral.case-x')).toBeNull();
  });

  it('finds the stored event a CloudEvent carries by its sequence, and nothing for a stranger', async () => {
    const [first] = await h.store.readStream(caseStream(caseId));
    const cloudEvent = toCloudEvent('enforcement', first!);
    expect((await storedEventOf(h.ctx, cloudEvent))?.id).toBe(first!.id);
    expect(await storedEventOf(h.ctx, { ...cloudEvent, id: 'another' })).toBeNull();
    const { sequence: _, ...unsequenced } = cloudEvent as typeof cloudEvent & { sequence?: string };
    expect(await storedEventOf(h.ctx, unsequenced)).toBeNull();
  });
});

describe('keptHistory', () => {
  const kept = new Set(['DeadlineMissed', 'SupplementRequested', 'SupplementProvided']);
  const fold = (events: StreamEvent[]) =>
    events.reduce<StreamEvent[]>((history, event) => keptHistory(history, event, kept), []);

  it('keeps the first event, the latest of each type and every event of the kept types, in order', () => {
    const events = storedStream(
      'c',
      ['Opened', {}],
      ['Noted', { n: 1 }],
      ['DeadlineMissed', { deadlineId: 'a@1' }],
      ['Noted', { n: 2 }],
      ['SupplementRequested', {}],
      ['SupplementProvided', {}],
      ['Opened', {}],
      ['DeadlineMissed', { deadlineId: 'b@3' }],
      ['Noted', { n: 3 }],
    );
    expect(fold(events).map((e) => e.revision)).toEqual([0, 2, 4, 5, 6, 7, 8]);
  });

  it('stays as long as the kinds of events, however many there are', () => {
    const notes = Array.from({ length: 500 }, (_, n): StreamStep => ['Noted', { n }]);
    expect(fold(storedStream('c', ['Opened', {}], ...notes))).toHaveLength(2);
  });
});

describe('pauseEventTypes', () => {
  it('names the events a deadline of the machine stands still and resumes on', () => {
    expect([...pauseEventTypes(referralMachine)].sort()).toEqual([
      'SupplementProvided',
      'SupplementRequested',
    ]);
    expect(pauseEventTypes(enforcementCaseMachine).size).toBe(0);
  });
});
