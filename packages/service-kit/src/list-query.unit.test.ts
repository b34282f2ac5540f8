import { InMemoryReadModelStore } from '@landcase/readmodels';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { findPage, type ListQuery, listFilter, listQuerySchema } from './list-query.ts';
import { ValidationProblem } from './problems.ts';

describe('listQuerySchema', () => {
  const Query = listQuerySchema(
    { source: Type.Optional(Type.String()) },
    { noun: 'clue', stateExamples: 'reported' },
  );

  it("takes the route's own fields and the shared ones, and nothing else", () => {
    expect(Object.keys(Query.properties).sort()).toEqual(
      ['agency', 'divisionCode', 'limit', 'offset', 'overdue', 'source', 'state', 'withinDivision'].sort(),
    );
    expect(Value.Check(Query, { source: 'grid', agency: 'nrb', overdue: true, withinDivision: '1411' })).toBe(
      true,
    );
    expect(Value.Check(Query, { colour: 'red' })).toBe(false);
    expect(Value.Check(Query, { agency: 'mayor' })).toBe(false);
    expect(Value.Check(Query, { withinDivision: '141' })).toBe(false);
    expect(Value.Check(Query, { limit: 501 })).toBe(false);
    expect(Value.Check(Query, { offset: -1 })).toBe(false);
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
    const page = await findPage(docs, {}, { limit: 2, offset: 1 }, newest);
    expect(page).toEqual({
      items: [
        { id: 'c', at: '2026-01-02', kind: 'even' },
        { id: 'a', at: '2026-01-01', kind: 'even' },
      ],
      total: 3,
      limit: 2,
      offset: 1,
    });
    const even = await findPage(docs, { kind: 'even' }, {}, newest);
    expect(even.items.map((d) => d.id)).toEqual(['c', 'a']);
    expect(even).toMatchObject({ total: 2, limit: 50, offset: 0 });
  });

  it('gives an empty page when nothing can match', async () => {
    const docs = await collection();
    expect(await findPage(docs, null, { offset: 5 }, newest)).toEqual({
      items: [],
      total: 0,
      limit: 50,
      offset: 5,
    });
  });
});
