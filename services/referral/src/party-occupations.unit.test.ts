import type { EnforcementEventData } from '@landcase/contracts';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import { describe, expect, it } from 'vitest';
import {
  PARTY_OCCUPATIONS_COLLECTION,
  type PartyOccupationsDoc,
  partyKeyOf,
  recordOccupation,
} from './party-occupations.ts';

type CaseFiled = EnforcementEventData['CaseFiled'];
type Party = CaseFiled['party'];

const filed = (caseId: string, party: Party, areaMu = 6): CaseFiled => ({
  caseId,
  filingNo: `FY-LA-${caseId}`,
  filedAt: '2026-03-06T10:00:00+08:00',
  divisionCode: '141181',
  landClass: 'farmland',
  areaMu,
  party,
});

describe('partyKeyOf', () => {
  it('keys a party by its ID number when it has one, whatever its name', () => {
    const id = '14118119800101001x';
    expect(partyKeyOf({ name: '张三', kind: 'person', idNumber: id })).toBe('id:14118119800101001X');
    expect(partyKeyOf({ name: '张 三', kind: 'person', idNumber: ` ${id.toUpperCase()} ` })).toBe(
      'id:14118119800101001X',
    );
  });

  it('keys a party without an ID number by kind and name, folding width, case and spaces', () => {
    const key = partyKeyOf({ name: 'Fenyang Brick Works（Ltd）', kind: 'organization' });
    expect(partyKeyOf({ name: '  ｆｅｎｙａｎｇ  brick WORKS(Ltd) ', kind: 'organization' })).toBe(key);
    expect(partyKeyOf({ name: 'Fenyang Brick Works（Ltd）', kind: 'person' })).not.toBe(key);
    expect(partyKeyOf({ name: 'Fenyang Tile Works（Ltd）', kind: 'organization' })).not.toBe(key);
  });
});

describe('recordOccupation', () => {
  const party: Party = { name: '汾阳砖厂', kind: 'organization' };

  it('returns the occupations recorded before, and the same answer when a case comes again', async () => {
    const store = new InMemoryReadModelStore();
    expect(await recordOccupation(store, filed('C1', party, 4))).toEqual([]);
    const c1 = { caseId: 'C1', landClass: 'farmland', areaMu: 4, at: '2026-03-06T10:00:00+08:00' };
    expect(await recordOccupation(store, filed('C2', party, 5))).toEqual([c1]);
    expect(await recordOccupation(store, filed('C3', party, 1))).toHaveLength(2);
    // Again, after C3: C1 counts once and C3, recorded later, is not among C1's or C2's.
    expect(await recordOccupation(store, filed('C1', party, 4))).toEqual([]);
    expect(await recordOccupation(store, filed('C2', party, 5))).toEqual([c1]);
    const doc = await store
      .collection<PartyOccupationsDoc>(PARTY_OCCUPATIONS_COLLECTION)
      .get(partyKeyOf(party));
    expect(doc?.occupations.map((o) => o.caseId)).toEqual(['C1', 'C2', 'C3']);
  });

  it('keeps both of two cases of one party recorded at the same time, one after the other', async () => {
    const store = new InMemoryReadModelStore();
    const [a, b] = await Promise.all([
      recordOccupation(store, filed('A', party)),
      recordOccupation(store, filed('B', party)),
    ]);
    const doc = await store
      .collection<PartyOccupationsDoc>(PARTY_OCCUPATIONS_COLLECTION)
      .get(partyKeyOf(party));
    const order = doc?.occupations.map((o) => o.caseId);
    expect(order?.slice().sort()).toEqual(['A', 'B']);
    // Whichever was written second sees the first.
    expect([a.map((o) => o.caseId), b.map((o) => o.caseId)]).toEqual(
      order?.[0] === 'A' ? [[], ['A']] : [['B'], []],
    );
  });

  it('keeps the parties apart', async () => {
    const store = new InMemoryReadModelStore();
    await recordOccupation(store, filed('C1', party));
    expect(await recordOccupation(store, filed('C2', { ...party, kind: 'person' }))).toEqual([]);
    expect(await recordOccupation(store, filed('C3', { ...party, idNumber: '91141181MA0K000001' }))).toEqual(
      [],
    );
    expect(
      await recordOccupation(store, filed('C4', { name: '汾阳 砖厂', kind: 'organization' })),
    ).toHaveLength(1);
  });
});
