import { loadCalendar } from '@landcase/lifecycle';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { DUE_ORDER_FIELD, type DueReading, dueOrderOf, nextDueOf } from './deadlines/due.ts';
import { findPage, type ListQuery, listFilter, listQuerySchema } from './list-query.ts';
import { ValidationProblem } from './problems.ts';

describe('listQuerySchema', () => {
  const Query = listQuerySchema(
    { source: Type.Optional(Type.String()) },
    { noun: 'clue', stateExamples: 'reported' },
  );

  it("takes the route's own fields and the shared ones, and nothing else", () => {
    expect(Object.keys(Query.properties).sort()).toEqual(
      [
        'agency',
        'divisionCode',
        'dueSoon',
        'limit',
        'offset',
        'overdue',
        'sort',
        'source',
        'state',
        'withinDivision',
      ].sort(),
    );
    expect(Value.Check(Query, { source: 'grid', agency: 'nrb', overdue: true, withinDivision: '1411' })).toBe(
      true,
    );
    expect(Value.Check(Query, { colour: 'red' })).toBe(false);
    expect(Value.Check(Query, { agency: 'mayor' })).toBe(false);
    expect(Value.Check(Query, { withinDivision: '141' })).toBe(false);
    expect(Value.Check(Query, { limit: 501 })).toBe(false);
    expect(Value.Check(Query, { offset: -1 })).toBe(false);
    expect(Value.Check(Query, { sort: 'dueAt', dueSoon: true })).toBe(true);
    // One order besides the list's own, and `dueSoon` only as a filter for those due soon.
    expect(Value.Check(Query, { sort: 'discoveredAt' })).toBe(false);
    expect(Value.Check(Query, { dueSoon: false })).toBe(false);
  });

  it('names what is listed in the descriptions', () => {
    expect(Query.properties.overdue.description).toContain('the state the clue is in');
    expect(Query.properties.state.description).toBe('e.g. reported');
    expect(listQuerySchema({}, { noun: 'case' }).properties.state.description).toBeUndefined();
  });
});

describe('listFilter', () => {
  it('is empty for an empty query', () => {
    expect(listFilter({})).toEqual({});
  });

  it('matches the shared fields on what the projections write', () => {
    expect(
      listFilter({
        divisionCode: '141181',
        state: 'filed',
        agency: 'court',
        overdue: false,
        withinDivision: '141100',
      }),
    ).toEqual({
      divisionCode: '141181',
      state: 'filed',
      awaiting: 'court',
      overdue: false,
      divisionLevels: '1411',
    });
  });

  it("adds only the route's own fields it names, as equality", () => {
    const query = { source: 'grid', landClass: 'pbf', limit: 10 };
    expect(listFilter(query, { fields: ['source'] })).toEqual({ source: 'grid' });
  });

  it('rejects a division of only zeros, naming the field', () => {
    try {
      listFilter({ withinDivision: '000000' });
      expect.unreachable('a division of zeros was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationProblem);
      expect((error as ValidationProblem).errors).toEqual([
        { path: '/withinDivision', reason: 'must name a division, not only zeros' },
      ]);
    }
  });

  it('starts from what the caller may see, and gives null when the query asks for anything else', () => {
    type PartyQuery = ListQuery & { to?: string; from?: string };
    const parties = (query: PartyQuery) =>
      listFilter(query, { fields: ['to', 'from'], visible: { to: 'psb' } });
    expect(parties({ agency: 'psb' })).toEqual({ to: 'psb', awaiting: 'psb' });
    expect(parties({ to: 'psb', from: 'nrb' })).toEqual({ to: 'psb', from: 'nrb' });
    expect(parties({ to: 'proc' })).toBeNull();
    expect(listFilter({ state: 'sent' }, { visible: { state: 'drafted' } })).toBeNull();
  });
});

/** A read on Wednesday 2026-12-02, 10:00 China time; due soon at 2 working days or fewer. */
const READ: DueReading = {
  now: new Date('2026-12-02T10:00:00+08:00'),
  calendar: loadCalendar(),
  soonWorkingDays: 2,
};
/** The end of a China date. */
const endOf = (date: string) => new Date(`${date}T23:59:59.999+08:00`);

describe('listFilter: dueSoon', () => {
  it('bounds the due-date sort key from now to the last date with N working days left', () => {
    expect(listFilter({ dueSoon: true }, { due: READ })).toEqual({
      [DUE_ORDER_FIELD]: {
        gte: READ.now.toISOString(),
        // Thursday and Friday are the 2 working days; the weekend after them is still within 2.
        lte: endOf('2026-12-06').toISOString(),
      },
    });
    expect(listFilter({ dueSoon: true, overdue: false }, { due: READ })).toMatchObject({ overdue: false });
  });

  it('needs the read to reckon it by', () => {
    expect(() => listFilter({ dueSoon: true })).toThrow(/dueSoon/);
  });
});

describe('findPage', () => {
  async function collection() {
    const docs = new InMemoryReadModelStore().collection('things');
    for (const [id, at] of [
      ['a', '2026-01-01'],
      ['b', '2026-01-03'],
      ['c', '2026-01-02'],
    ] as const) {
      await docs.upsert({ id, at, kind: id === 'b' ? 'odd' : 'even', _v: 7 }, 1);
    }
    return docs;
  }
  const newest = { field: 'at', direction: -1 } as const;

  it('pages the matching documents in order and counts them all', async () => {
    const docs = await collection();
    const page = await findPage(docs, {}, { limit: 2, offset: 1 }, newest, READ);
    expect(page).toEqual({
      items: [
        { id: 'c', at: '2026-01-02', kind: 'even', due: null },
        { id: 'a', at: '2026-01-01', kind: 'even', due: null },
      ],
      total: 3,
      limit: 2,
      offset: 1,
    });
    const even = await findPage(docs, { kind: 'even' }, {}, newest, READ);
    expect(even.items.map((d) => d.id)).toEqual(['c', 'a']);
    expect(even).toMatchObject({ total: 2, limit: 50, offset: 0 });
  });

  it('gives an empty page when nothing can match', async () => {
    const docs = await collection();
    expect(await findPage(docs, null, { offset: 5 }, newest, READ)).toEqual({
      items: [],
      total: 0,
      limit: 50,
      offset: 5,
    });
  });

  /** Documents as a projection writes them: `next` due instants, or none. */
  async function dated(entries: [id: string, at: string, due: Date | null][]) {
    const docs = new InMemoryReadModelStore().collection('dated');
    for (const [id, at, due] of entries) {
      const next = nextDueOf(due ? [{ rule: `rule.${id}`, dueAt: due, provisional: false }] : []);
      await docs.upsert({ id, at, ...next, [DUE_ORDER_FIELD]: dueOrderOf(next.nextDueAt) }, 1);
    }
    return docs;
  }

  it('orders by the next due date on sort=dueAt, undated last, ties by id; else in its own order', async () => {
    const docs = await dated([
      ['d', '2026-01-04', null],
      ['b', '2026-01-02', endOf('2026-12-09')],
      ['a', '2026-01-01', null],
      ['e', '2026-01-05', endOf('2026-12-03')],
      ['c', '2026-01-03', endOf('2026-12-09')],
    ]);
    const ids = (page: { items: Record<string, unknown>[] }) => page.items.map((d) => d.id);
    expect(ids(await findPage(docs, {}, { sort: 'dueAt' }, newest, READ))).toEqual(['e', 'b', 'c', 'a', 'd']);
    expect(ids(await findPage(docs, {}, { sort: 'dueAt', limit: 2, offset: 2 }, newest, READ))).toEqual([
      'c',
      'a',
    ]);
    expect(ids(await findPage(docs, {}, {}, newest, READ))).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('gives each item its due as of the read, and never the sort key', async () => {
    const docs = await dated([
      ['soon', '2026-01-01', endOf('2026-12-04')],
      ['later', '2026-01-02', endOf('2026-12-09')],
      ['past', '2026-01-03', endOf('2026-12-01')],
      ['none', '2026-01-04', null],
    ]);
    const page = await findPage(docs, {}, { sort: 'dueAt' }, newest, READ);
    expect(
      page.items.map((d) => [
        d.id,
        d.due && (({ workingDaysLeft, soon, overdue }) => [workingDaysLeft, soon, overdue])(d.due as never),
      ]),
    ).toEqual([
      ['past', [-1, false, true]],
      ['soon', [2, true, false]],
      ['later', [5, false, false]],
      ['none', null],
    ]);
    expect(page.items[1]).toMatchObject({
      nextDueAt: endOf('2026-12-04').toISOString(),
      nextDueRule: 'rule.soon',
      due: { at: endOf('2026-12-04').toISOString(), rule: 'rule.soon', provisional: false },
    });
    for (const item of page.items) expect(Object.keys(item)).not.toContain(DUE_ORDER_FIELD);
    // dueSoon keeps the one due soon: not the past, the later or the undated one.
    const soon = await findPage(docs, listFilter({ dueSoon: true }, { due: READ }), {}, newest, READ);
    expect(soon.items.map((d) => d.id)).toEqual(['soon']);
    expect(soon.total).toBe(1);
  });
});
