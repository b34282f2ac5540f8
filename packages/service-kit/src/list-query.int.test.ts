import { randomUUID } from 'node:crypto';
import { loadCalendar } from '@landcase/lifecycle';
import { type Collection, MongoReadModelStore } from '@landcase/readmodels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUE_ORDER_FIELD, type DueReading, NO_DUE_ORDER } from './deadlines/due.ts';
import { ensureListIndexes, findPage, listFilter } from './list-query.ts';

// The shared list indexes on the MongoDB-protocol server: `awaiting` and `divisionLevels` are
// arrays (multikey), and documents must still be written, rewritten and found through them.

const server = process.env.LANDCASE_TEST_MONGO;
/** A read on Wednesday 2026-12-02, 10:00 China time; due soon at 2 working days or fewer. */
const READ: DueReading = {
  now: new Date('2026-12-02T10:00:00+08:00'),
  calendar: loadCalendar(),
  soonWorkingDays: 2,
};

describe('list indexes on the MongoDB-protocol server', () => {
  let store: MongoReadModelStore;
  let docs: Collection;

  beforeAll(async () => {
    if (!server) {
      throw new Error(
        'LANDCASE_TEST_MONGO is not set: run the tests with `pnpm test`, which starts the servers',
      );
    }
    const url = new URL(server);
    url.pathname = `/landcase_lists_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    store = await MongoReadModelStore.connect(url.toString());
    docs = store.collection('lists');
    await ensureListIndexes(docs);
    // Declared again at every start-up.
    await ensureListIndexes(docs);
  });
  afterAll(async () => {
    await store?.dropDatabase();
    await store?.close();
  });

  const doc = (id: string, awaiting: string[], divisionCode: string, overdue: boolean, at: string) => ({
    id,
    state: awaiting.length > 0 ? 'opened' : 'closed',
    awaiting,
    overdue,
    divisionCode,
    divisionLevels: [divisionCode.slice(0, 2), divisionCode.slice(0, 4), divisionCode],
    at,
  });
  const newest = { field: 'at', direction: -1 } as const;
  const ids = (page: { items: Record<string, unknown>[] }) => page.items.map((d) => d.id);

  it('declares each index once however often started', async () => {
    const names = (await store.db.collection('lists').listIndexes().toArray()).map((i) => i.name).sort();
    expect(names).toEqual([
      '_dueOrder_1',
      '_id_',
      'audience_1',
      'awaiting_1_state_1',
      'divisionLevels_1',
      'overdue_1',
    ]);
  });

  it('writes list documents and finds them by agency, overdue and division', async () => {
    await docs.upsert(doc('a', ['gov', 'nrb'], '141181', true, '2026-01-01'), 1);
    await docs.upsert(doc('b', ['agri'], '141182', false, '2026-01-02'), 1);
    await docs.upsert(doc('c', [], '150102', false, '2026-01-03'), 1);

    const page = (query: Parameters<typeof listFilter>[0]) =>
      findPage(docs, listFilter(query), {}, newest, READ);
    expect(ids(await page({ agency: 'nrb' }))).toEqual(['a']);
    expect(ids(await page({ agency: 'nrb', state: 'opened', overdue: true }))).toEqual(['a']);
    expect(ids(await page({ withinDivision: '141100' }))).toEqual(['b', 'a']);
    expect(ids(await page({ withinDivision: '15', overdue: false }))).toEqual(['c']);
    expect((await page({ overdue: false })).total).toBe(2);

    // A newer version moves the inbox: the index entries follow the array's new elements.
    expect(await docs.upsert(doc('a', ['agri'], '141181', false, '2026-01-01'), 2)).toBe(true);
    expect(ids(await page({ agency: 'nrb' }))).toEqual([]);
    expect(ids(await page({ agency: 'agri', withinDivision: '1411' }))).toEqual(['b', 'a']);
    expect(ids(await page({ overdue: true }))).toEqual([]);
  });

  it('sorts by the next due date with the undated last, and finds those due soon', async () => {
    const dated = store.collection('dated');
    await ensureListIndexes(dated);
    const write = (id: string, due: string | null) =>
      dated.upsert(
        { id, nextDueAt: due, nextDueRule: due && 'r', [DUE_ORDER_FIELD]: due ?? NO_DUE_ORDER },
        1,
      );
    await write('d', null);
    await write('b', '2026-12-09T15:59:59.999Z');
    await write('a', null);
    await write('e', '2026-12-04T15:59:59.999Z');
    await write('c', '2026-12-09T15:59:59.999Z');
    await write('p', '2026-12-01T15:59:59.999Z');
    const order = await findPage(dated, {}, { sort: 'dueAt' }, newest, READ);
    expect(ids(order)).toEqual(['p', 'e', 'b', 'c', 'a', 'd']);
    expect(order.items[0]).not.toHaveProperty(DUE_ORDER_FIELD);
    expect(order.items[1]).toMatchObject({ due: { workingDaysLeft: 2, soon: true, overdue: false } });
    const soon = await findPage(dated, listFilter({ dueSoon: true }, { due: READ }), {}, newest, READ);
    expect(ids(soon)).toEqual(['e']);
  });
});
