import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';
import {
  afterFilings,
  draftedReferrals,
  fileCase,
  person,
  redeliver,
  referralTopic,
  storedMatches,
} from '../test-filing.ts';
import { draftedReferral, postAs } from '../test-http.ts';

// 张某 without an identifier in two cases: nothing adds up on the name; the bureau is asked, and
// only its confirmation adds the occupations up, on the record with who confirmed it.

let sys: TestSystem;
let nrb: string;
beforeEach(async () => {
  sys = await startTestSystem(referralModule);
  nrb = await sys.token('nrb', ['officer']);
});
afterEach(() => sys.stop());

const zhang = person('张某');
const confirm = (matchId: string, token = nrb) =>
  postAs(sys, `/party-matches/${matchId}/confirmation`, token, { basis: '户籍核查：同一人，住址相同' });

describe('a name without an identifier', () => {
  it('in two counties raises nothing and adds nothing up', async () => {
    await fileCase(sys, 'A', { party: zhang, divisionCode: '141181' });
    await fileCase(sys, 'B', { party: zhang, divisionCode: '141182' });
    await fileCase(sys, 'C', { party: zhang, divisionCode: '440305' });
    await afterFilings(sys);
    expect(await draftedReferrals(sys)).toEqual([]);
    expect(await storedMatches(sys)).toEqual([]);
  });

  it('in one county raises a possible same party on the later case, and no referral until confirmed', async () => {
    await fileCase(sys, 'A', { party: zhang, filedAt: '2026-02-06T10:00:00+08:00' });
    // Townships of the same county: the county decides.
    const filed = await fileCase(sys, 'B', { party: { ...zhang, name: '张 某' }, divisionCode: '141181100' });
    await afterFilings(sys);
    expect(await draftedReferrals(sys)).toEqual([]);
    const [raised] = await sys.store.readStream('referral.party-match-A~B');
    expect(raised).toMatchObject({
      type: 'PartyMatchSuspected',
      data: {
        caseId: 'B',
        matchId: 'A~B',
        cases: [
          { caseId: 'A', divisionCode: '141181', areaMu: 6, filedAt: '2026-02-06T10:00:00+08:00' },
          { caseId: 'B', divisionCode: '141181100', areaMu: 6, party: { name: '张 某' } },
        ],
        kind: 'person',
        name: '张某',
        countyCode: '141181',
        ruleId: 'party.match.county',
        raisedAt: sys.clock.now().toISOString(),
      },
      metadata: { actor: 'nrb:system:referral', causationId: filed.id },
    });
  });

  it('once confirmed, adds 6 + 6 mu of farmland up and drafts the referral once, however often events come again', async () => {
    const seen = await referralTopic(sys);
    await fileCase(sys, 'A', { party: zhang, filedAt: '2026-02-06T10:00:00+08:00' });
    const filedB = await fileCase(sys, 'B', { party: zhang, filedAt: '2026-03-06T10:00:00+08:00' });
    await afterFilings(sys);
    expect(await draftedReferrals(sys)).toEqual([]);

    sys.clock.set('2026-03-09T02:00:00.000Z');
    const confirmed = await confirm('A~B');
    expect(confirmed).toMatchObject({
      status: 200,
      body: {
        id: 'A~B',
        caseId: 'B',
        state: 'confirmed',
        caseIds: ['A', 'B'],
        confirmation: { confirmedBy: 'nrb:nrb-user', confirmedAt: '2026-03-09T02:00:00.000Z' },
      },
    });

    const referral = await draftedReferral(sys, 'B.psb', nrb);
    expect(referral).toMatchObject({
      caseId: 'B',
      to: 'psb',
      state: 'drafted',
      reason:
        'farmland occupied: 12 mu ≥ 10 mu (Criminal Law art. 342; 法释〔2000〕14号 art. 3), of which 6 mu in this ' +
        'case and 6 mu in A within 1 year (法释〔2000〕14号 art. 9); the parties, named alike without ' +
        'identifiers, held the same on confirmation: A and B by nrb:nrb-user on 2026-03-09',
      accumulated: {
        areaMu: 12,
        priorCases: [{ caseId: 'A', areaMu: 6, filedAt: '2026-02-06T10:00:00+08:00' }],
        confirmations: [
          {
            matchId: 'A~B',
            caseIds: ['A', 'B'],
            confirmedBy: 'nrb:nrb-user',
            confirmedAt: '2026-03-09T02:00:00.000Z',
          },
        ],
      },
    });

    // The confirmation again, the filings again, and the confirmation's event redelivered.
    expect((await confirm('A~B')).status).toBe(200);
    await fileCase(sys, 'A', { party: zhang, filedAt: '2026-02-06T10:00:00+08:00' });
    await sys.bus.publish('landcase.enforcement.v1', [{ key: 'B', event: filedB }]);
    const event = seen.find((e) => e.type.endsWith('.PartyMatchConfirmed.v1'))!;
    await redeliver(sys, event);
    await redeliver(sys, { ...event, id: `${event.id}-replayed` });
    // The reaction took the replayed event in (after the redelivered one: one partition, in order).
    await eventually('the replayed confirmation handled', () =>
      sys.readModels.seen.has('referral.add-up-on-party-match', `${event.id}-replayed`),
    );
    await afterFilings(sys);
    const matchStream = await sys.store.readStream('referral.party-match-A~B');
    expect(matchStream.map((e) => e.type)).toEqual(['PartyMatchSuspected', 'PartyMatchConfirmed']);
    expect(await sys.store.readStream('referral.referral-B.psb')).toHaveLength(1);
    expect(await draftedReferrals(sys)).toEqual(['B.psb psb']);
    const [drafted] = await sys.store.readStream('referral.referral-B.psb');
    expect(drafted!.metadata).toMatchObject({ causationId: event.id, actor: 'nrb:system:referral' });
  });

  it('once rejected, adds nothing up and is never raised again for that pair', async () => {
    await fileCase(sys, 'A', { party: zhang });
    const filedB = await fileCase(sys, 'B', { party: zhang });
    await afterFilings(sys);
    const rejected = await postAs(sys, '/party-matches/A~B/rejection', nrb, { reason: '年龄、住址均不同' });
    expect(rejected).toMatchObject({
      status: 200,
      body: { state: 'rejected', rejection: { rejectedBy: 'nrb:nrb-user', reason: '年龄、住址均不同' } },
    });
    // B filed again: the pair is not asked about again, nor added up.
    await sys.bus.publish('landcase.enforcement.v1', [{ key: 'B', event: filedB }]);
    await afterFilings(sys);
    expect(await storedMatches(sys)).toEqual(['A~B PartyMatchRejected']);
    expect(await draftedReferrals(sys)).toEqual([]);
  });

  it('is never matched with its own case, when its filing comes again', async () => {
    const filed = await fileCase(sys, 'A', { party: zhang });
    await sys.bus.publish('landcase.enforcement.v1', [{ key: 'A', event: filed }]);
    await fileCase(sys, 'A', { party: zhang });
    await afterFilings(sys);
    expect(await storedMatches(sys)).toEqual([]);
  });

  it('raises a match across the year boundary within the window the rule adds up in, and not after it', async () => {
    await fileCase(sys, 'Y1', { party: zhang, filedAt: '2025-12-31T10:00:00+08:00' });
    await fileCase(sys, 'Y2', { party: zhang, filedAt: '2026-12-31T23:00:00+08:00' });
    await fileCase(sys, 'Y3', { party: zhang, filedAt: '2027-01-01T09:00:00+08:00' });
    await afterFilings(sys);
    // Y1 and Y2: a year to the China date; Y1 and Y3: a year and a day.
    expect(await storedMatches(sys)).toEqual(['Y1~Y2 PartyMatchSuspected', 'Y2~Y3 PartyMatchSuspected']);
  });

  it('with an identifier on one side only, still asks the bureau', async () => {
    await fileCase(sys, 'I', { party: person('张某', 'zhang') });
    await fileCase(sys, 'N', { party: zhang });
    await afterFilings(sys);
    expect(await storedMatches(sys)).toEqual(['I~N PartyMatchSuspected']);
  });

  it('asks once per pair of parties: a third case of a confirmed party is one question, then adds up', async () => {
    const zhangWithId = person('张某', 'zhang');
    await fileCase(sys, 'I1', {
      party: zhangWithId,
      landClass: 'pbf',
      areaMu: 2,
      filedAt: '2026-01-06T10:00:00+08:00',
    });
    await fileCase(sys, 'N', {
      party: zhang,
      landClass: 'pbf',
      areaMu: 2,
      filedAt: '2026-02-06T10:00:00+08:00',
    });
    // The same person by identifier as I1: I1~N already asks whether N's party is this one.
    await fileCase(sys, 'I2', {
      party: zhangWithId,
      landClass: 'pbf',
      areaMu: 2,
      filedAt: '2026-03-06T10:00:00+08:00',
    });
    await afterFilings(sys);
    expect(await storedMatches(sys)).toEqual(['I1~N PartyMatchSuspected']);
    // Identifier alone: I1 + I2 = 4 mu of PBF, below 5.
    expect(await draftedReferrals(sys)).toEqual([]);

    expect((await confirm('I1~N')).status).toBe(200);
    // I2, filed last, carries 2 + 2 + 2 mu: N through the confirmation, I1 through the identifier.
    const referral = (await draftedReferral(sys, 'I2.psb', nrb)) as unknown as {
      accumulated: unknown;
      reason: string;
    };
    expect(referral.accumulated).toMatchObject({
      areaMu: 6,
      priorCases: [{ caseId: 'I1' }, { caseId: 'N' }],
      confirmations: [{ matchId: 'I1~N' }],
    });
    expect(referral.reason).toContain('2 mu in this case and 4 mu in I1, N within 1 year');
    await afterFilings(sys);
    expect(await draftedReferrals(sys)).toEqual(['I2.psb psb']);
  });
});
