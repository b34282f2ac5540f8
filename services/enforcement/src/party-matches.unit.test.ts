import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforcementModule } from './index.ts';
import {
  cloudEvent,
  eventually,
  type Harness,
  happyHistory,
  harness,
  publish,
  seedCase,
} from './test-harness.ts';

// The referral service raises a possible same party between two cases and the bureau answers it:
// enforcement learns of both from the referral topic and shows them on each case.

let h: Harness;
beforeEach(async () => {
  h = await harness([enforcementModule]);
  await h.startBackground();
});
afterEach(() => h.close());

const matched = (caseId: string, filedAt: string) => ({
  caseId,
  divisionCode: '141181',
  filingNo: `FY-LA-${caseId}`,
  filedAt,
  landClass: 'farmland',
  areaMu: 6,
  party: { name: '张某', kind: 'person' },
});
const suspected = cloudEvent('referral', 'PartyMatchSuspected', 'LC-B', {
  caseId: 'LC-B',
  matchId: 'LC-A~LC-B',
  cases: [matched('LC-A', '2026-02-06T10:00:00+08:00'), matched('LC-B', '2026-03-06T10:00:00+08:00')],
  kind: 'person',
  name: '张某',
  countyCode: '141181',
  ruleId: 'party.match.county',
  source: '法释〔2000〕14号 art. 9',
  ruleSetVersion: '2026.1',
  raisedAt: '2026-03-06T02:00:01.000Z',
});
const confirmed = cloudEvent('referral', 'PartyMatchConfirmed', 'LC-B', {
  caseId: 'LC-B',
  matchId: 'LC-A~LC-B',
  caseIds: ['LC-A', 'LC-B'],
  basis: '户籍核查：同一人',
  confirmedBy: 'nrb:officer-1',
  confirmedAt: '2026-03-09T02:00:00.000Z',
});

const caseAs = async (caseId: string, agency = 'nrb') =>
  (await h.get(`/enforcement/cases/${caseId}`, await h.token(agency as 'nrb'))).body;

describe('possible same parties on the case', () => {
  it('are shown on both cases, with the other case, and then with the bureau’s answer', async () => {
    await seedCase(h, 'LC-A', happyHistory('LC-A').slice(0, 4));
    await seedCase(h, 'LC-B', happyHistory('LC-B').slice(0, 4));
    expect((await caseAs('LC-A')).partyMatches).toEqual([]);

    await publish(h, suspected);
    await eventually(async () => (await caseAs('LC-A')).partyMatches.length === 1);
    expect((await caseAs('LC-A')).partyMatches).toEqual([
      {
        matchId: 'LC-A~LC-B',
        state: 'suspected',
        otherCaseId: 'LC-B',
        otherCase: expect.objectContaining({ caseId: 'LC-B', filedAt: '2026-03-06T10:00:00+08:00' }),
        raisedAt: '2026-03-06T02:00:01.000Z',
        confirmation: null,
        rejection: null,
      },
    ]);
    expect((await caseAs('LC-B')).partyMatches[0]).toMatchObject({ otherCaseId: 'LC-A', state: 'suspected' });

    await publish(h, confirmed);
    // The raising replayed after the answer leaves it answered.
    await publish(h, { ...suspected, id: 'replayed' });
    await eventually('the replay handled', () =>
      h.ctx('enforcement').readModels.seen.has('enforcement.party-matches', 'replayed'),
    );
    expect((await caseAs('LC-B')).partyMatches[0]).toMatchObject({
      state: 'confirmed',
      otherCase: { caseId: 'LC-A' },
      confirmation: { confirmedBy: 'nrb:officer-1', basis: '户籍核查：同一人' },
    });
  });

  it('are for the bureau and auditors: a partner agency reads the case without them', async () => {
    await seedCase(h, 'LC-A', happyHistory('LC-A').slice(0, 4));
    await publish(h, suspected);
    await eventually(async () => (await caseAs('LC-A')).partyMatches.length === 1);
    expect((await caseAs('LC-A', 'audit')).partyMatches).toHaveLength(1);
    const gov = await caseAs('LC-A', 'gov');
    expect(gov.caseId).toBe('LC-A');
    expect(gov).not.toHaveProperty('partyMatches');
  });
});
