import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { activeDeadlines, type MissedDeadline } from './deadlines.ts';
import type { Agency, DeadlineMissedData } from './events.ts';
import { accepts, allowedEvents } from './evolve.ts';
import { checkOutcomeByHand } from './historical.ts';
import type { ClueContext } from './machines/clue.ts';
import type { ReferralContext } from './machines/referral.ts';
import { JOINT_ACCEPTORS, type RemediationContext } from './machines/remediation.ts';
import { RULE_SET, type RuleSet } from './rules.ts';

// Whose move it is, and whether a deadline of the state a case stands in has been missed: what the
// list queries filter on (an agency's inbox, the overdue cases). Both are read off the machines,
// so a new state or event changes the lists without a second table of states per service.

/**
 * The agencies that may issue an event, given the aggregate's context. [] when no agency issues it
 * by a command: the service appends it itself (a reaction to another service, a rule, the
 * scheduler's DeadlineMissed and EscalationRaised).
 */
export type Issuers<C> = readonly Agency[] | ((context: C) => readonly Agency[]) | OnRecord | WhenTaken;
export type IssuerTable<C = never> = Readonly<Record<string, Issuers<C>>>;

/**
 * An event that records a fact wherever the case stands (an interference found) rather than
 * moving it on: its issuers may send it, but the case does not wait for them.
 */
export interface OnRecord {
  readonly onRecord: readonly Agency[];
}
const onRecord = (agencies: readonly Agency[]): OnRecord => ({ onRecord: agencies });
const isOnRecord = (issuers: unknown): issuers is OnRecord =>
  typeof issuers === 'object' && issuers !== null && 'onRecord' in issuers;

/**
 * An event whose guards read only the context (closing once nothing is left to restore): the
 * case waits for its issuers only where the machine would take it now. Other guards read the
 * event's data, which a list cannot know, so those events count wherever a transition names them.
 */
export interface WhenTaken {
  readonly whenTaken: readonly Agency[];
}
const whenTaken = (agencies: readonly Agency[]): WhenTaken => ({ whenTaken: agencies });
const isWhenTaken = (issuers: unknown): issuers is WhenTaken =>
  typeof issuers === 'object' && issuers !== null && 'whenTaken' in issuers;

const BY_THE_SERVICE: readonly Agency[] = [];
const SCHEDULED = { DeadlineMissed: BY_THE_SERVICE, EscalationRaised: BY_THE_SERVICE } as const;
const EVERY_AGENCY: readonly Agency[] = [
  'nrb',
  'gov',
  'grid',
  'psb',
  'proc',
  'disc',
  'court',
  'agri',
  'audit',
];

export const CLUE_ISSUERS = {
  // Any officer reports (a grid patrol, a tip taken by any agency); only the bureau dispatches and verifies.
  ClueReported: EVERY_AGENCY,
  ClueDispatched: ['nrb'],
  ClueVerified: ['nrb'],
  // Historical clues wait in the bureau's ledger: it opens the batch that takes them (the service
  // appends HistoricalBatched on the batch's behalf) and records each outcome (seed 004 §(六)2),
  // except where the batch demolishes and restores: the joint acceptance of the land settles
  // those, so such a clue waits on the remediation, not on the bureau.
  HistoricalBatched: ['nrb'],
  HistoricalSettled: (context: ClueContext) =>
    context.batch && checkOutcomeByHand(context.batch.disposition) ? BY_THE_SERVICE : ['nrb'],
  ...SCHEDULED,
} as const satisfies IssuerTable;

export const ENFORCEMENT_CASE_ISSUERS = {
  // Opened when detection verifies a clue illegal; restoration confirmed when remediation accepts.
  CaseOpened: BY_THE_SERVICE,
  RestorationConfirmed: BY_THE_SERVICE,
  StopOrderServed: ['nrb'],
  StopConfirmed: ['nrb'],
  CaseFiled: ['nrb'],
  PenaltyNoticeServed: ['nrb'],
  HearingRecorded: ['nrb'],
  PenaltyDecided: ['nrb'],
  ComplianceRecorded: ['nrb'],
  CourtApplicationFiled: ['nrb'],
  CourtRuled: ['court'],
  CourtRulingAppealed: ['nrb'],
  CaseClosed: whenTaken(['nrb']),
  // Interference may be found by any agency but the auditor, who changes nothing; an illegal
  // approval by the bureau.
  InterferenceRecorded: onRecord(EVERY_AGENCY.filter((agency) => agency !== 'audit')),
  IllegalApprovalRecorded: onRecord(['nrb']),
  // The bureau's head approves an extension of the decision period; the case does not wait for it.
  DecisionPeriodExtended: onRecord(['nrb']),
  // The government notifies utilities and agencies to refuse service to the site (seed 002).
  ServiceRefusalNoticesSent: onRecord(['gov']),
  // The bureau records the defence the party submitted to it; the decision does not wait for one.
  DefenceStated: onRecord(['nrb']),
  // The leadership's collective review and the legal review before the decision of a major case.
  CollectiveReviewHeld: onRecord(['nrb']),
  LegalReviewCompleted: onRecord(['nrb']),
  // The bureau records the party's reconsideration and lawsuit and their outcomes as it learns them.
  ReconsiderationApplied: onRecord(['nrb']),
  ReconsiderationDecided: onRecord(['nrb']),
  LawsuitFiled: onRecord(['nrb']),
  LawsuitDecided: onRecord(['nrb']),
  ...SCHEDULED,
} as const satisfies IssuerTable;

/** The agency a referral comes from; the sender approves, dispatches and asks for reconsideration. */
const sender = (c: ReferralContext): readonly Agency[] => (c.from ? [c.from] : []);
/** The agency a referral goes to; it receives, decides, returns and gives feedback. */
const receiver = (c: ReferralContext): readonly Agency[] => (c.to ? [c.to] : []);

export const REFERRAL_ISSUERS = {
  // Only the natural resources bureau sends referrals (rule drafts go out in its name).
  ReferralDrafted: ['nrb'],
  ReferralApprovalDecided: sender,
  ReferralDocumentAttached: sender,
  ReferralDispatched: sender,
  ReconsiderationRequested: sender,
  SupplementProvided: sender,
  ReferralReceived: receiver,
  SupplementRequested: receiver,
  ReferralDecided: receiver,
  ReferralReturned: receiver,
  FeedbackGiven: receiver,
  ...SCHEDULED,
} as const satisfies IssuerTable<ReferralContext>;

export const REMEDIATION_ISSUERS = {
  // Opened by a decision that orders demolition or restoration; accepted once both acceptors passed.
  RemediationOpened: BY_THE_SERVICE,
  RemediationAccepted: BY_THE_SERVICE,
  // The government organises demolition and re-cultivation; the bureau supervises and may record it.
  ProgressRecorded: ['gov', 'nrb'],
  // Each joint acceptor once per round: the one that has passed the land waits for the other.
  AcceptanceRecorded: (c: RemediationContext) => JOINT_ACCEPTORS.filter((a) => !c.passedBy.includes(a)),
  // Deduction and the re-designation it requires for PBF are one command of the bureau.
  QuotaDeducted: whenTaken(['nrb']),
  PbfRedesignationRequired: whenTaken(['nrb']),
  PbfRedesignated: ['nrb'],
  ...SCHEDULED,
} as const satisfies IssuerTable<RemediationContext>;

/** The part of a recommendation's context the table reads. */
interface RecommendationParties {
  to: Agency | null;
}

export const RECOMMENDATION_ISSUERS = {
  // The procuratorate issues a recommendation; the agency it is addressed to replies.
  RecommendationIssued: ['proc'],
  RecommendationReplied: (c: RecommendationParties) => (c.to ? [c.to] : []),
  ...SCHEDULED,
} as const satisfies IssuerTable<RecommendationParties>;

export const PARTY_MATCH_ISSUERS = {
  // Raised by the referral service when a case is filed; the bureau confirms or rejects it.
  PartyMatchSuspected: BY_THE_SERVICE,
  PartyMatchConfirmed: ['nrb'],
  PartyMatchRejected: ['nrb'],
} as const satisfies IssuerTable;

/** Each machine's table, by machine id. */
export const COMMAND_ISSUERS: Readonly<Record<string, IssuerTable<never>>> = {
  clue: CLUE_ISSUERS,
  enforcementCase: ENFORCEMENT_CASE_ISSUERS,
  referral: REFERRAL_ISSUERS as IssuerTable<never>,
  recommendation: RECOMMENDATION_ISSUERS as IssuerTable<never>,
  remediation: REMEDIATION_ISSUERS as IssuerTable<never>,
  partyMatch: PARTY_MATCH_ISSUERS,
};

function tableOf(machine: AnyStateMachine): IssuerTable<unknown> {
  const table = COMMAND_ISSUERS[machine.id];
  if (!table) throw new Error(`no issuer table for machine '${machine.id}'`);
  return table as IssuerTable<unknown>;
}

/** The agencies that may issue `event` on an aggregate whose context is `context`. */
export function issuersOf(machine: AnyStateMachine, event: string, context: unknown): Agency[] {
  const issuers = tableOf(machine)[event];
  if (issuers === undefined) throw new Error(`${machine.id}: no issuers listed for event '${event}'`);
  if (isOnRecord(issuers)) return [...issuers.onRecord];
  if (isWhenTaken(issuers)) return [...issuers.whenTaken];
  return [...(typeof issuers === 'function' ? issuers(context) : issuers)];
}

/** The machine's events the issuer table does not list (a new event without a word on who sends it). */
export function unlistedEvents(machine: AnyStateMachine): string[] {
  const table = tableOf(machine);
  return machine.events.filter((event) => !(event in table));
}

/**
 * The agencies whose move it is: those that may issue an event the snapshot's state accepts, in
 * the order of the agency list. Empty in a final state, and where only the service or the
 * scheduler moves the case on. An event the table does not list counts for nobody here, so that a
 * list document is still written; the issuer-table test names it.
 */
export function awaitingAgencies(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): Agency[] {
  const table = tableOf(machine);
  const found = new Set<Agency>();
  for (const event of allowedEvents(machine, snapshot)) {
    const issuers = table[event];
    if (issuers === undefined || isOnRecord(issuers)) continue;
    if (isWhenTaken(issuers) && !accepts(snapshot, { type: event, data: {} })) continue;
    for (const agency of issuersOf(machine, event, snapshot.context)) found.add(agency);
  }
  return EVERY_AGENCY.filter((agency) => found.has(agency));
}

interface StreamEventLike {
  type: string;
  data: unknown;
}

/**
 * The missed deadlines the case still stands under: DeadlineMissed recorded for a deadline that
 * the state at the end of `events` still carries, after the event that started that deadline's
 * count (a court application filed again starts a new count that has not been missed yet).
 */
export function overdueDeadlines(
  snapshot: AnyMachineSnapshot,
  events: readonly StreamEventLike[],
  ruleSet: RuleSet = RULE_SET,
): MissedDeadline[] {
  const overdue: MissedDeadline[] = [];
  for (const deadline of activeDeadlines(snapshot, ruleSet)) {
    let started = events.length - 1;
    while (started >= 0 && events[started]!.type !== deadline.startsOn) started -= 1;
    for (const event of events.slice(started + 1)) {
      if (event.type !== 'DeadlineMissed') continue;
      const { caseId: _caseId, ...missed } = event.data as DeadlineMissedData;
      if (missed.rule === deadline.rule) overdue.push(missed);
    }
  }
  return overdue;
}

/** What a list document says about deadlines: overdue now, since when, how many missed in all. */
export interface DeadlineStanding {
  overdue: boolean;
  /** The earliest due instant among the overdue deadlines (ISO, UTC), null when none is overdue. */
  overdueSince: string | null;
  /** Every deadline the case has missed, in any state. */
  missedDeadlineCount: number;
}

export function deadlineStanding(
  snapshot: AnyMachineSnapshot,
  events: readonly StreamEventLike[],
  ruleSet: RuleSet = RULE_SET,
): DeadlineStanding {
  const overdue = overdueDeadlines(snapshot, events, ruleSet);
  const since = overdue.map((d) => new Date(d.dueAt).getTime()).filter((t) => !Number.isNaN(t));
  return {
    overdue: overdue.length > 0,
    overdueSince: since.length > 0 ? new Date(Math.min(...since)).toISOString() : null,
    missedDeadlineCount: events.filter((e) => e.type === 'DeadlineMissed').length,
  };
}

/** The fields a list document carries for the agency and overdue filters. */
export interface ListStanding extends DeadlineStanding {
  awaiting: Agency[];
}

/** `events` are the aggregate's whole stream and `snapshot` their fold. */
export function listStanding(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  events: readonly StreamEventLike[],
  ruleSet: RuleSet = RULE_SET,
): ListStanding {
  return { awaiting: awaitingAgencies(machine, snapshot), ...deadlineStanding(snapshot, events, ruleSet) };
}
