import { describe, expect, it } from 'vitest';
import {
  awaitingAgencies,
  COMMAND_ISSUERS,
  deadlineStanding,
  issuersOf,
  overdueDeadlines,
  RECOMMENDATION_ISSUERS,
  unlistedEvents,
} from './awaiting.ts';
import { divisionLevels, significantDivision } from './division-levels.ts';
import type { HistoricalDisposition } from './events.ts';
import { evolve } from './evolve.ts';
import { clueMachine } from './machines/clue.ts';
import { enforcementCaseMachine } from './machines/enforcement-case.ts';
import { partyMatchMachine } from './machines/party-match.ts';
import { referralMachine } from './machines/referral.ts';
import { remediationMachine } from './machines/remediation.ts';
import {
  caseEvents as c,
  clueEvents,
  remediationEvents as m,
  partyMatchEvents as pm,
  referralEvents as r,
} from './test-events.ts';

const MACHINES = [
  clueMachine,
  enforcementCaseMachine,
  referralMachine,
  remediationMachine,
  partyMatchMachine,
];

describe('issuer tables', () => {
  it('list every event of every machine with a list query', () => {
    for (const machine of MACHINES) {
      expect(COMMAND_ISSUERS[machine.id], machine.id).toBeDefined();
      expect(unlistedEvents(machine), machine.id).toEqual([]);
    }
  });

  it('leave the scheduler events to nobody', () => {
    // A possible same party runs no deadline: it takes no scheduler event.
    expect(partyMatchMachine.events).not.toContain('DeadlineMissed');
    for (const machine of MACHINES.filter((m) => m !== partyMatchMachine)) {
      expect(issuersOf(machine, 'DeadlineMissed', {})).toEqual([]);
      expect(issuersOf(machine, 'EscalationRaised', {})).toEqual([]);
    }
  });

  it('name who may record a fact on a case, which the case does not wait for', () => {
    expect(issuersOf(enforcementCaseMachine, 'IllegalApprovalRecorded', {})).toEqual(['nrb']);
    expect(issuersOf(enforcementCaseMachine, 'InterferenceRecorded', {})).toContain('psb');
    const opened = evolve(enforcementCaseMachine, [c.opened()]);
    expect(awaitingAgencies(enforcementCaseMachine, opened)).toEqual(['nrb']);
  });

  it('give a recommendation to its addressee to answer', () => {
    expect(RECOMMENDATION_ISSUERS.RecommendationReplied({ to: 'gov' })).toEqual(['gov']);
    expect(RECOMMENDATION_ISSUERS.RecommendationIssued).toEqual(['proc']);
  });

  it('leave a possible same party to the bureau until it confirms or rejects it', () => {
    expect(awaitingAgencies(partyMatchMachine, evolve(partyMatchMachine, [pm.suspected()]))).toEqual(['nrb']);
    const rejected = evolve(partyMatchMachine, [pm.suspected(), pm.rejected()]);
    expect(awaitingAgencies(partyMatchMachine, rejected)).toEqual([]);
  });

  it('refuse an event they do not list', () => {
    expect(() => issuersOf(clueMachine, 'CaseFiled', {})).toThrow(/no issuers listed/);
  });
});

describe('awaitingAgencies', () => {
  const awaitingAfter = (machine: (typeof MACHINES)[number], events: { type: string; data: unknown }[]) =>
    awaitingAgencies(machine, evolve(machine, events));

  it('a reported clue waits for the bureau; a verified one for nobody', () => {
    expect(awaitingAfter(clueMachine, [clueEvents.reported()])).toEqual(['nrb']);
    expect(awaitingAfter(clueMachine, [clueEvents.reported(), clueEvents.verified()])).toEqual([]);
  });

  it('a batched historical clue waits for the bureau, unless its land is settled by the joint acceptance', () => {
    const verified = clueEvents.verified({ verdict: 'historical' });
    const batched = (disposition: HistoricalDisposition) => [
      clueEvents.reported(),
      verified,
      clueEvents.historicalBatched({ disposition }),
    ];
    expect(awaitingAfter(clueMachine, batched('regularise'))).toEqual(['nrb']);
    expect(awaitingAfter(clueMachine, batched('confiscate'))).toEqual(['nrb']);
    expect(awaitingAfter(clueMachine, batched('demolish_restore'))).toEqual([]);
  });

  it('a case waits for the court once the application is filed, and for the service after the ruling', () => {
    const upToDecision = [
      c.opened({ ongoing: false }),
      c.filed(),
      c.noticeServed(),
      c.hearing(),
      c.decided(),
    ];
    const nonCompliant = [...upToDecision, c.compliance({ complied: false })];
    expect(awaitingAfter(enforcementCaseMachine, upToDecision)).toEqual(['nrb']);
    expect(awaitingAfter(enforcementCaseMachine, [...nonCompliant, c.courtApplied()])).toEqual(['court']);
    // Executed: only remediation's acceptance (RestorationConfirmed, appended by the service) moves it.
    expect(
      awaitingAfter(enforcementCaseMachine, [...nonCompliant, c.courtApplied(), c.courtRuled()]),
    ).toEqual([]);
    expect(awaitingAfter(enforcementCaseMachine, [...upToDecision, c.restored()])).toEqual(['nrb']);
  });

  it('a referral waits for its sender, then its receiver, then its sender after a refusal', () => {
    const sent = [r.drafted(), r.approvalDecided(), r.dispatched()];
    expect(awaitingAfter(referralMachine, [r.drafted()])).toEqual(['nrb']);
    expect(awaitingAfter(referralMachine, sent)).toEqual(['psb']);
    expect(awaitingAfter(referralMachine, [...sent, r.received()])).toEqual(['psb']);
    const refused = [...sent, r.received(), r.decided({ accepted: false, filingNo: undefined })];
    expect(awaitingAfter(referralMachine, refused)).toEqual(['nrb']);
    expect(awaitingAfter(referralMachine, [...refused, r.reconsideration()])).toEqual(['psb']);
    const toCourt = [r.drafted({ to: 'court' }), r.approvalDecided(), r.dispatched()];
    expect(awaitingAfter(referralMachine, toCourt)).toEqual(['court']);
  });

  it('restored land waits for the acceptor that has not passed it yet', () => {
    const opened = [m.opened(), m.progress(), m.progress({ step: 'recultivated' })];
    expect(awaitingAfter(remediationMachine, [m.opened()])).toEqual(['nrb', 'gov']);
    expect(awaitingAfter(remediationMachine, opened)).toEqual(['nrb', 'agri']);
    expect(awaitingAfter(remediationMachine, [...opened, m.acceptance({ agency: 'nrb' })])).toEqual([
      'nrb',
      'agri',
    ]);
    expect(awaitingAfter(remediationMachine, [...opened, m.acceptance({ agency: 'agri' })])).toEqual(['nrb']);
  });
});

describe('overdueDeadlines', () => {
  const decideMissed = c.deadlineMissed();
  const filed = [c.opened({ ongoing: false }), c.filed()];

  it('names a missed deadline while the case stands in a state that carries it', () => {
    const events = [...filed, decideMissed, c.noticeServed()];
    const snapshot = evolve(enforcementCaseMachine, events);
    expect(overdueDeadlines(snapshot, events).map((d) => d.rule)).toEqual(['deadline.case.decide']);
    expect(deadlineStanding(snapshot, events)).toEqual({
      overdue: true,
      overdueSince: new Date(decideMissed.data.dueAt).toISOString(),
      missedDeadlineCount: 1,
    });
  });

  it('is empty once the case left the state, while the missed deadline stays counted', () => {
    const events = [...filed, decideMissed, c.noticeServed(), c.hearing(), c.decided()];
    const snapshot = evolve(enforcementCaseMachine, events);
    expect(overdueDeadlines(snapshot, events)).toEqual([]);
    expect(deadlineStanding(snapshot, events)).toEqual({
      overdue: false,
      overdueSince: null,
      missedDeadlineCount: 1,
    });
  });

  it('does not carry a miss over to a new count of the same rule', () => {
    const courtMissed = c.deadlineMissed({
      deadlineId: 'court-ruling',
      state: 'courtApplied',
      rule: 'deadline.court.ruling',
      dueAt: '2026-08-21T10:00:00+08:00',
    });
    const applied = [
      ...filed,
      c.noticeServed(),
      c.hearing(),
      c.decided(),
      c.compliance({ complied: false }),
      c.courtApplied(),
      courtMissed,
    ];
    const first = evolve(enforcementCaseMachine, applied);
    expect(overdueDeadlines(first, applied).map((d) => d.deadlineId)).toEqual(['court-ruling']);
    const again = [...applied, c.courtRuled({ granted: false }), c.courtApplied()];
    expect(overdueDeadlines(evolve(enforcementCaseMachine, again), again)).toEqual([]);
  });

  it('is empty for a deadline a condition switched off, and in a final state', () => {
    const clue = [clueEvents.reported(), clueEvents.deadlineMissed()];
    expect(overdueDeadlines(evolve(clueMachine, clue), clue)).toHaveLength(1);
    const verified = [...clue, clueEvents.verified()];
    expect(overdueDeadlines(evolve(clueMachine, verified), verified)).toEqual([]);
  });
});

describe('divisionLevels', () => {
  it('lists the significant prefixes, province first', () => {
    expect(divisionLevels('141181')).toEqual(['14', '1411', '141181']);
    expect(divisionLevels('141100')).toEqual(['14', '1411']);
    expect(divisionLevels('140000')).toEqual(['14']);
    expect(divisionLevels('141181100201')).toEqual(['14', '1411', '141181', '141181100', '141181100201']);
    expect(divisionLevels('000000')).toEqual([]);
  });

  it('names the level a padded code stands for', () => {
    expect(significantDivision('141100')).toBe('1411');
    expect(significantDivision('14')).toBe('14');
    expect(significantDivision('141181100000')).toBe('141181100');
    expect(significantDivision('000000')).toBeUndefined();
  });
});
