import { describe, expect, it } from 'vitest';
import { caseStateAt } from './state-at.ts';
import { ledgerDocs } from './test-ledger-doc.ts';

// The referral service keeps several aggregates per case; the state at an instant folds each one
// through its own machine, the scheduler's events placed on the aggregate they name.

const CASE = 'LC-141181-20260302-0a1b2c3d';
const FIRST = `${CASE}.psb`;
const SECOND = `${CASE}.psb-obstruction`;
const RECOMMENDATION = `${CASE}.proc-1`;

const ledgerDoc = ledgerDocs();
const entry = (name: string, data: Record<string, unknown>, time: string) =>
  ledgerDoc('referral', CASE, name, data, time);

const drafted = (referralId: string, time: string) =>
  entry(
    'ReferralDrafted',
    {
      referralId,
      from: 'nrb',
      to: 'psb',
      divisionCode: '141181',
      reason: 'PBF 6.2 mu occupied',
      documents: [],
    },
    time,
  );
const missed = (extra: Record<string, unknown>, time: string) =>
  entry(
    'DeadlineMissed',
    {
      deadlineId: 'deadline.referral.approve@0',
      state: 'drafted',
      dueAt: '2026-03-13T15:59:59.999Z',
      rule: 'deadline.referral.approve',
      source: 'State Council Order 310 (rev. 2020) art. 5',
      ...extra,
    },
    time,
  );
const reminder = (extra: Record<string, unknown>, time: string) =>
  entry(
    'EscalationRaised',
    {
      deadlineId: 'deadline.referral.approve@0',
      rung: 'reminder',
      raisedAt: '2026-03-13T15:59:59.999Z',
      divisionCode: '141181',
      escalatedToDivisionCode: '141100',
      rule: 'escalation.reminder',
      source: 'seed 000 §(四)',
      ...extra,
    },
    time,
  );

const AT = new Date('2026-04-01T00:00:00Z');

describe('state at: the referral service aggregates', () => {
  it('places each missed deadline and rung on the referral it names when a case has two', () => {
    const entries = [
      drafted(FIRST, '2026-03-10T02:00:00Z'),
      drafted(SECOND, '2026-03-10T03:00:00Z'),
      // Both missed their approval deadline, each with the same deadline id in its own stream.
      missed({ referralId: FIRST }, '2026-03-14T00:00:00Z'),
      reminder({ referralId: FIRST }, '2026-03-14T00:00:00Z'),
      missed({ referralId: SECOND }, '2026-03-14T00:00:01Z'),
      entry(
        'ReferralApprovalDecided',
        { referralId: SECOND, approved: true, note: '' },
        '2026-03-15T00:00:00Z',
      ),
    ];
    const { referral } = caseStateAt(CASE, entries, AT).services;
    expect(referral[FIRST]).toMatchObject({ state: 'drafted', events: 3, notApplied: [] });
    expect(referral[FIRST]!.producedBy).toMatchObject({ event: 'EscalationRaised' });
    expect(referral[SECOND]).toMatchObject({ state: 'approved', events: 3, notApplied: [] });
    expect(Object.keys(referral).sort()).toEqual([FIRST, SECOND]);
  });

  it('leaves an unnamed missed deadline unplaced when the case has several referrals', () => {
    const entries = [
      drafted(FIRST, '2026-03-10T02:00:00Z'),
      drafted(SECOND, '2026-03-10T03:00:00Z'),
      missed({}, '2026-03-14T00:00:00Z'),
    ];
    const { referral } = caseStateAt(CASE, entries, AT).services;
    expect(referral[FIRST]).toMatchObject({ events: 1 });
    expect(referral[SECOND]).toMatchObject({ events: 1 });
  });

  it('places an unnamed missed deadline, recorded before events named their referral, on the only referral', () => {
    const entries = [drafted(FIRST, '2026-03-10T02:00:00Z'), missed({}, '2026-03-14T00:00:00Z')];
    expect(caseStateAt(CASE, entries, AT).services.referral[FIRST]).toMatchObject({
      events: 2,
      notApplied: [],
      producedBy: { event: 'DeadlineMissed' },
    });
  });

  it('folds a recommendation through its own machine, apart from the referrals', () => {
    const entries = [
      drafted(FIRST, '2026-03-10T02:00:00Z'),
      entry(
        'RecommendationIssued',
        {
          recommendationId: RECOMMENDATION,
          from: 'proc',
          to: 'nrb',
          divisionCode: '141181',
          content: '依法拆除违法建筑',
          harmGrowing: true,
          documents: [],
          issuedAt: '2026-03-10T10:00:00+08:00',
        },
        '2026-03-10T04:00:00Z',
      ),
      missed(
        {
          recommendationId: RECOMMENDATION,
          deadlineId: 'deadline.recommendation.reply-urgent@0',
          state: 'awaitingUrgentReply',
          rule: 'deadline.recommendation.reply-urgent',
        },
        '2026-03-26T00:00:00Z',
      ),
    ];
    const { referral, recommendation } = caseStateAt(CASE, entries, AT).services;
    expect(recommendation).toEqual({
      [RECOMMENDATION]: expect.objectContaining({
        aggregate: 'recommendation',
        state: 'awaitingUrgentReply',
        events: 2,
        notApplied: [],
      }),
    });
    expect(referral[FIRST]).toMatchObject({ aggregate: 'referral', state: 'drafted', events: 1 });
  });

  it('folds a possible same party raised on the case through its own machine, beside a single referral', () => {
    const matchId = `LC-141181-20260201-9f8e7d6c~${CASE}`;
    const matchedCase = (caseId: string) => ({
      caseId,
      divisionCode: '141181',
      filingNo: `FY-LA-${caseId.slice(-4)}`,
      filedAt: '2026-03-06T10:00:00+08:00',
      landClass: 'farmland',
      areaMu: 6,
      party: { name: '张某', kind: 'person' },
    });
    const entries = [
      entry(
        'PartyMatchSuspected',
        {
          matchId,
          cases: [matchedCase('LC-141181-20260201-9f8e7d6c'), matchedCase(CASE)],
          kind: 'person',
          name: '张某',
          countyCode: '141181',
          ruleId: 'party.match.county',
          source: '法释〔2000〕14号 art. 9',
          ruleSetVersion: '2026.1',
          raisedAt: '2026-03-06T02:00:01Z',
        },
        '2026-03-06T02:00:01Z',
      ),
      entry(
        'PartyMatchConfirmed',
        {
          matchId,
          caseIds: ['LC-141181-20260201-9f8e7d6c', CASE],
          basis: '户籍核查',
          confirmedBy: 'nrb:officer-1',
          confirmedAt: '2026-03-09T02:00:00Z',
        },
        '2026-03-09T02:00:00Z',
      ),
      drafted(FIRST, '2026-03-09T02:00:01Z'),
    ];
    const { referral, partyMatch } = caseStateAt(CASE, entries, AT).services;
    expect(partyMatch).toEqual({
      [matchId]: expect.objectContaining({
        aggregate: 'partyMatch',
        state: 'confirmed',
        events: 2,
        notApplied: [],
      }),
    });
    // Not taken for the case's only referral's events.
    expect(referral[FIRST]).toMatchObject({ state: 'drafted', events: 1, notApplied: [] });
  });
});
