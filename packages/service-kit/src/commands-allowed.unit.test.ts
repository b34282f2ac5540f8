import {
  type Caller,
  caseAudience,
  enforcementCaseMachine,
  evolve,
  partiesAudience,
  type ResourceFacts,
  referralMachine,
} from '@landcase/lifecycle';
import { describe, expect, it } from 'vitest';
import { type CommandOffer, commandsAllowed } from './commands-allowed.ts';

// What a caller may issue now: the machine's next events and the access policy, together.

const CASE_ID = 'LC-141181-20260301-0a1b2c3d';
const REFERRAL_ID = `${CASE_ID}.psb`;

const caseOpened = {
  type: 'CaseOpened',
  data: {
    caseId: CASE_ID,
    divisionCode: '141181',
    landClass: 'pbf',
    areaMu: 6.5,
    party: { name: '张三', kind: 'person' },
    ongoing: true,
    clueSource: 'satellite',
    discoveredAt: '2026-03-10T10:00:00+08:00',
    ruleSetVersion: '2026.1',
  },
};

const CASE_OFFERS: CommandOffer[] = [
  {
    path: '/enforcement/cases/{caseId}/stop-order',
    access: 'enforcement.case.stop-order',
    event: 'StopOrderServed',
  },
  { path: '/enforcement/cases/{caseId}/filing', access: 'enforcement.case.filing', event: 'CaseFiled' },
  {
    path: '/enforcement/cases/{caseId}/decision-extension',
    access: 'enforcement.case.decision-extension',
    event: 'DecisionPeriodExtended',
  },
  { path: '/enforcement/cases/{caseId}/closure', access: 'enforcement.case.closure', event: 'CaseClosed' },
];

const caseFacts: ResourceFacts = {
  divisionCode: '141181',
  audience: caseAudience({ restorationOrdered: false, courtApplied: false, addressed: [] }),
};
const bureau: Caller = { agency: 'nrb', division: '141181', roles: ['officer'] };

describe('commandsAllowed', () => {
  const opened = evolve(enforcementCaseMachine, [caseOpened]);

  it("offers the county bureau's officer the commands the opened case takes and the policy lets it issue", () => {
    const allowed = commandsAllowed({
      machine: enforcementCaseMachine,
      snapshot: opened,
      caller: bureau,
      facts: caseFacts,
      offers: CASE_OFFERS,
    });
    expect(allowed).toContain('/enforcement/cases/{caseId}/stop-order');
    // The machine does not take a closure, nor an extension of a decision period not yet running.
    expect(allowed).not.toContain('/enforcement/cases/{caseId}/closure');
    expect(allowed).not.toContain('/enforcement/cases/{caseId}/decision-extension');
  });

  it('offers nothing to an auditor, to another agency, to a neighbouring county, or to a role the entry does not name', () => {
    const ask = (caller: Caller) =>
      commandsAllowed({
        machine: enforcementCaseMachine,
        snapshot: opened,
        caller,
        facts: caseFacts,
        offers: CASE_OFFERS,
      });
    expect(ask({ agency: 'audit', division: '141100', roles: ['auditor'] })).toEqual([]);
    expect(ask({ agency: 'gov', division: '141181', roles: ['officer', 'head'] })).toEqual([]);
    expect(ask({ agency: 'nrb', division: '141182', roles: ['officer', 'head'] })).toEqual([]);
    expect(ask({ agency: 'nrb', division: '141181', roles: ['ops'] })).toEqual([]);
    // The city bureau reads the county's case but does not act on it (scope `own`).
    expect(ask({ agency: 'nrb', division: '141100', roles: ['officer'] })).toEqual([]);
  });

  it("on a referral, the sender's head may approve and the receiver nothing before it is sent; once sent, the receiver may sign for it", () => {
    const referral = { caseId: CASE_ID, referralId: REFERRAL_ID };
    const offers: CommandOffer[] = [
      {
        path: '/referral/referrals/{id}/approval',
        access: 'referral.referral.approval',
        event: 'ReferralApprovalDecided',
      },
      {
        path: '/referral/referrals/{id}/receipt',
        access: 'referral.referral.receipt',
        event: 'ReferralReceived',
      },
    ];
    const drafted = evolve(referralMachine, [
      {
        type: 'ReferralDrafted',
        data: {
          ...referral,
          from: 'nrb',
          to: 'psb',
          divisionCode: '141181',
          reason: 'pbf occupied',
          documents: [],
          ruleId: 'referral.psb.pbf',
          ruleSetVersion: '2026.1',
        },
      },
    ]);
    const facts = (sent: boolean): ResourceFacts => ({
      divisionCode: '141181',
      audience: partiesAudience('nrb', 'psb', sent),
      sender: 'nrb',
      receiver: 'psb',
    });
    const head: Caller = { agency: 'nrb', division: '141181', roles: ['head'] };
    const police: Caller = { agency: 'psb', division: '141181', roles: ['officer'] };
    const ask = (snapshot: typeof drafted, caller: Caller, sent: boolean) =>
      commandsAllowed({ machine: referralMachine, snapshot, caller, facts: facts(sent), offers });

    expect(ask(drafted, head, false)).toEqual(['/referral/referrals/{id}/approval']);
    expect(ask(drafted, bureau, false)).toEqual([]);
    expect(ask(drafted, police, false)).toEqual([]);

    const dispatched = evolve(
      referralMachine,
      [
        { type: 'ReferralApprovalDecided', data: { ...referral, approved: true, note: 'ok' } },
        { type: 'ReferralDispatched', data: { ...referral, dispatchedAt: '2026-03-18T10:00:00+08:00' } },
      ],
      drafted,
    );
    expect(ask(dispatched, police, true)).toEqual(['/referral/referrals/{id}/receipt']);
    expect(ask(dispatched, head, true)).toEqual([]);
    // The police of another county is not the receiver's division: not even in the audience's scope.
    expect(ask(dispatched, { agency: 'psb', division: '141182', roles: ['officer'] }, true)).toEqual([]);
  });
});
