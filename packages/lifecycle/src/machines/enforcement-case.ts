import { assertEvent, assign, setup } from 'xstate';
import type { PartyRemedy } from '../court-timing.ts';
import { type DeadlineRecord, deadlineHandling, escalate, onDeadlines } from '../deadline-handling.ts';
import { deadline, type StateMeta } from '../deadlines.ts';
import type {
  ClueSource,
  EnforcementCaseEventData,
  EnforcementCaseMachineEvent,
  LandClass,
  Party,
  PenaltyMeasure,
} from '../events.ts';
import { checkPenaltyMeasures } from '../rules.ts';

/**
 * An enforcement case: stop (早制止), investigate and decide (严查处), execute, restore, close.
 *
 * States (stateString):
 *   none → opened → stopOrdered → stopped | obstructed
 *   → investigation.filed → investigation.noticed → investigation.heard
 *   → decided → executed | nonCompliant → courtApplied → executed | courtRefused
 *   courtRefused → courtAppeal → executed | courtRefused
 *   → restored → closed (final)
 *
 * Events: CaseOpened, StopOrderServed, StopConfirmed, CaseFiled, PenaltyNoticeServed,
 * HearingRecorded, PenaltyDecided, ComplianceRecorded, CourtApplicationFiled, CourtRuled,
 * CourtRulingAppealed, ReconsiderationApplied, ReconsiderationDecided, LawsuitFiled, LawsuitDecided,
 * RestorationConfirmed, CaseClosed, DeadlineMissed, EscalationRaised; InterferenceRecorded and
 * IllegalApprovalRecorded in every state from `opened` to `restored`, without changing it;
 * DecisionPeriodExtended, CollectiveReviewHeld and LegalReviewCompleted in `investigation`, DefenceStated in `investigation.noticed` and
 * `investigation.heard`, and ServiceRefusalNoticesSent from `stopOrdered` to `executed`, none
 * changing it.
 *
 * Choices:
 * - Filing straight from `opened` or `stopOrdered` only when nothing was going on at verification;
 *   an ongoing violation is filed once the stop is confirmed (`stopped`) or refused (`obstructed`,
 *   the refusal stays in `stopRefusals` for the referral to public security).
 * - `obstructed` still accepts StopConfirmed: a later visit may find the work stopped.
 * - A penalty is decided only after the notice and the hearing step (HearingRecorded with
 *   `requested: false` when the party waived or let the 5 days pass).
 * - PenaltyDecided is refused when it breaks `penalty.no-fine-only` (services call
 *   checkPenaltyMeasures first to give a named 422 problem).
 * - Non-compliance leads to the court (Administrative Compulsion Law arts. 53-58); a late
 *   compliance still executes the decision; a refused application may be filed again.
 * - The party's reconsideration (行政复议) or lawsuit (行政诉讼) against the decision, and its outcome,
 *   are recorded from `decided` to `nonCompliant` (and in `courtRefused`), one at a time, without
 *   moving the case. While one is pending, or once one annulled or changed the decision, the court
 *   is not applied to (guard `decisionStands`); the dates (the reminder's 10 days, the party's
 *   periods, the 3 months after them) are the service's to check (checkCourtApplicationTiming),
 *   as the machine knows no calendar.
 * - A refusal may instead be taken to the court at the next level (art. 58, `courtAppeal`), once:
 *   that court's refusal is final for that application and returns the case to `courtRefused`,
 *   where the bureau may still apply again (a new application, a new refusal, a new appeal) or
 *   record a late compliance, but not appeal the same refusal twice. The 15 days to appeal carry
 *   no deadline: letting them pass is the bureau's choice (it may apply again instead, with no time
 *   limit), not a duty missed, so it raises no DeadlineMissed nor escalation.
 * - Closing needs the land restored when the decision ordered demolition or restoration (those
 *   open a remediation, whose joint acceptance confirms the restoration); a decision without
 *   them (confiscation and a fine) closes once executed, and takes no RestorationConfirmed.
 *   Transfer of a whole case is not modelled.
 * - An interference or an illegal approval found is a fact about the case, not a step of it: it is
 *   recorded wherever the case stands (and reported by the referral service), until it is closed.
 * - EscalationRaised (reminder → 督办 → 挂牌督办 → 约谈 → 通报) follows a DeadlineMissed, one rung at a
 *   time, and only in a state that carries the missed deadline's rule: filing the case ends the
 *   filing ladder, deciding ends the decision ladder.
 * - An extension of the decision period must end later than the period it replaces; from the first
 *   one the 90-day deadline no longer runs (the scheduler raises no further rung for it) and the
 *   extension's own date does.
 * - Notices to refuse service to the site (seed 002) are taken once a stop order was served, or the
 *   case was filed, and until the land is restored: before that the site is not yet found illegal
 *   by an act of the bureau, after it there is no illegal site left to serve.
 * - The party's statement and defence (Administrative Penalty Law arts. 45, 64) is taken from the
 *   notice of intended penalty until the decision, in `noticed` and in `heard`: the 5 days to state
 *   it run alongside those to ask for a hearing, and a party who waived the hearing (or was heard)
 *   may still submit one before the decision, which the bureau must hear (art. 45). It moves
 *   nothing: the decision neither waits for a defence nor may it raise the penalty because of one.
 * - The collective review (重大案件会审) and the legal review (法制审核) are recorded anywhere in the
 *   investigation and move nothing. Which decisions need them depends on the decision's facts
 *   (area, land class, fine, measures: checkDecisionReviews), so the service checks them when the
 *   decision is asked for (422); the machine still folds decisions stored without them.
 */
export interface EnforcementCaseContext extends DeadlineRecord {
  caseId: string | null;
  divisionCode: string | null;
  landClass: LandClass | null;
  areaMu: number | null;
  party: Party | null;
  ongoing: boolean | null;
  clueSource: ClueSource | null;
  discoveredAt: string | null;
  ruleSetVersion: string | null;
  stopOrder: { servedAt: string; documentRef: string } | null;
  /** Times a stop was confirmed refused on site. */
  stopRefusals: string[];
  stoppedAt: string | null;
  filing: { filingNo: string; filedAt: string } | null;
  notice: { measures: PenaltyMeasure[]; noticeRef: string } | null;
  hearing: { requested: boolean; heldAt: string | null } | null;
  decision: {
    measures: PenaltyMeasure[];
    fineYuan: number | null;
    complyBy: string;
    decisionRef: string;
    servedAt: string | null;
  } | null;
  /** The party's reconsideration and lawsuit against the decision, in order, with their outcomes. */
  remedies: PartyRemedy[];
  compliance: { complied: boolean; observedAt: string }[];
  courtApplications: { reminderServedAt: string; appliedAt: string }[];
  courtRulings: { granted: boolean; rulingRef: string }[];
  /** Reconsiderations asked of the court at the next level, in order. */
  courtAppeals: Omit<EnforcementCaseEventData['CourtRulingAppealed'], 'caseId'>[];
  /** Whether the refusal of the current application was already appealed: it may be once. */
  courtAppealed: boolean;
  restoredAt: string | null;
  closure: { summary: string; closedAt: string } | null;
  interferences: Omit<EnforcementCaseEventData['InterferenceRecorded'], 'caseId'>[];
  illegalApprovals: Omit<EnforcementCaseEventData['IllegalApprovalRecorded'], 'caseId'>[];
  /** Whether the head extended the decision period: which of the two decision deadlines runs. */
  decisionExtended: boolean;
  /** Approved extensions of the decision period, in order; the last one sets the due instant. */
  decisionExtensions: Omit<EnforcementCaseEventData['DecisionPeriodExtended'], 'caseId'>[];
  /** Notices to utilities and agencies to refuse service to the site, in order. */
  serviceRefusals: Omit<EnforcementCaseEventData['ServiceRefusalNoticesSent'], 'caseId'>[];
  /** The party's statements and defences against the intended penalty, in order. */
  defenceStatements: Omit<EnforcementCaseEventData['DefenceStated'], 'caseId'>[];
  /** Collective reviews of the case by the leadership (重大案件会审), in order; the last one counts. */
  collectiveReviews: Omit<EnforcementCaseEventData['CollectiveReviewHeld'], 'caseId'>[];
  /** Legal reviews before the decision (法制审核), in order; the last one counts. */
  legalReviews: Omit<EnforcementCaseEventData['LegalReviewCompleted'], 'caseId'>[];
}

const INITIAL_CONTEXT: EnforcementCaseContext = {
  caseId: null,
  divisionCode: null,
  landClass: null,
  areaMu: null,
  party: null,
  ongoing: null,
  clueSource: null,
  discoveredAt: null,
  ruleSetVersion: null,
  stopOrder: null,
  stopRefusals: [],
  stoppedAt: null,
  filing: null,
  notice: null,
  hearing: null,
  decision: null,
  remedies: [],
  compliance: [],
  courtApplications: [],
  courtRulings: [],
  courtAppeals: [],
  courtAppealed: false,
  restoredAt: null,
  closure: null,
  interferences: [],
  illegalApprovals: [],
  decisionExtended: false,
  decisionExtensions: [],
  serviceRefusals: [],
  defenceStatements: [],
  collectiveReviews: [],
  legalReviews: [],
  missedDeadlines: [],
  escalations: [],
};

const fileDeadline = deadline('deadline.case.file', 'CaseOpened', { from: 'discoveredAt' });
// The 90 days run until the head extends them; each extension then runs to its own date, and a
// later extension starts a new deadline (another start revision, another deadlineId).
const decideDeadline = deadline('deadline.case.decide', 'CaseFiled', {
  from: 'filedAt',
  when: { decisionExtended: [false] },
});
const decideExtendedDeadline = deadline('deadline.case.decide-extended', 'DecisionPeriodExtended', {
  from: 'extendedUntil',
  when: { decisionExtended: [true] },
});
const hearingRequestDeadline = deadline('deadline.case.hearing-request', 'PenaltyNoticeServed');
const complyDeadline = deadline('deadline.case.comply', 'PenaltyDecided', { from: 'complyBy' });
const courtRulingDeadline = deadline('deadline.court.ruling', 'CourtApplicationFiled', { from: 'appliedAt' });
const courtAppealRulingDeadline = deadline('deadline.court.appeal-ruling', 'CourtRulingAppealed', {
  from: 'appealedAt',
});
/** Kept before execution; only a decision that ordered restoration has land to restore. */
const restorationKept = { guard: 'restorationOrdered', actions: 'recordRestoration' } as const;
const fileCase = { target: 'investigation', actions: 'recordFiling' } as const;
/** Accepted in every state of an open case, which they leave where it is. */
const factsOnRecord = {
  InterferenceRecorded: { actions: 'recordInterference' },
  IllegalApprovalRecorded: { actions: 'recordIllegalApproval' },
} as const;
/**
 * From the stop order until the land is restored the site is known to be illegal: the government's
 * notices to refuse it service (seed 002) are recorded there. A case filed with nothing going on
 * (no stop order) takes them once filed.
 */
const refusalOfService = {
  ServiceRefusalNoticesSent: { actions: 'recordServiceRefusal' },
} as const;
/**
 * The party's reconsideration or lawsuit against the decision, one at a time, and its outcome:
 * recorded from the decision until the court is applied to, the case staying where it is. While
 * one is pending the bureau may not apply (Administrative Compulsion Law art. 53).
 */
const partyRemedies = {
  ReconsiderationApplied: { guard: 'noRemedyPending', actions: 'recordRemedy' },
  LawsuitFiled: { guard: 'noRemedyPending', actions: 'recordRemedy' },
  ReconsiderationDecided: { guard: 'remedyPending', actions: 'recordRemedyOutcome' },
  LawsuitDecided: { guard: 'remedyPending', actions: 'recordRemedyOutcome' },
} as const;

/**
 * The measures that leave land to restore: a decision with any of them opens the case's
 * remediation (Land Management Law art. 77: demolish within a deadline and restore); confiscation
 * and a fine alone do not. The remediation service opens one on the same test.
 */
export const RESTORING_MEASURES: readonly PenaltyMeasure[] = ['demolish', 'restore'];
export const ordersRestoration = (measures: readonly PenaltyMeasure[]): boolean =>
  measures.some((m) => RESTORING_MEASURES.includes(m));

const deadlines = deadlineHandling<EnforcementCaseContext, EnforcementCaseMachineEvent>();

export const enforcementCaseMachine = setup({
  types: {
    context: {} as EnforcementCaseContext,
    events: {} as EnforcementCaseMachineEvent,
    meta: {} as StateMeta,
  },
  guards: {
    nothingOngoing: ({ context }) => context.ongoing === false,
    stopConfirmed: ({ event }) => event.type === 'StopConfirmed' && event.data.stopped,
    stopRefused: ({ event }) => event.type === 'StopConfirmed' && !event.data.stopped,
    measuresAllowed: ({ event }) =>
      event.type === 'PenaltyDecided' &&
      checkPenaltyMeasures({ landClass: event.data.landClass, measures: event.data.measures }) === null,
    complied: ({ event }) => event.type === 'ComplianceRecorded' && event.data.complied,
    alreadyRestored: ({ context }) => context.restoredAt !== null,
    restorationOrdered: ({ context }) =>
      context.decision !== null && ordersRestoration(context.decision.measures),
    nothingToRestore: ({ context }) =>
      context.decision !== null && !ordersRestoration(context.decision.measures),
    notComplied: ({ event }) => event.type === 'ComplianceRecorded' && !event.data.complied,
    granted: ({ event }) => event.type === 'CourtRuled' && event.data.granted,
    notGranted: ({ event }) => event.type === 'CourtRuled' && !event.data.granted,
    notYetAppealed: ({ context }) => !context.courtAppealed,
    noRemedyPending: ({ context }) => context.remedies.every((r) => r.outcome !== undefined),
    // The outcome answers the remedy pending, of its own kind.
    remedyPending: ({ context, event }) => {
      const last = context.remedies.at(-1);
      if (!last || last.outcome !== undefined) return false;
      return event.type === (last.kind === 'lawsuit' ? 'LawsuitDecided' : 'ReconsiderationDecided');
    },
    // The court is applied to only with no remedy pending and none that overturned the decision.
    decisionStands: ({ context }) => context.remedies.every((r) => r.outcome?.upheld === true),
    // The machine knows no calendar: it checks against the last extension (or the filing), and
    // the route against the 90 days' due instant as the scheduler computes it.
    extendsDecisionPeriod: ({ context, event }) => {
      if (event.type !== 'DecisionPeriodExtended') return false;
      const until = Date.parse(event.data.extendedUntil);
      const previous = context.decisionExtensions.at(-1);
      const floor = Date.parse(previous?.extendedUntil ?? context.filing?.filedAt ?? '');
      return Number.isFinite(until) && Number.isFinite(floor) && until > floor;
    },
    ...deadlines.guards,
  },
  actions: {
    recordOpening: assign(({ event }) => {
      assertEvent(event, 'CaseOpened');
      const {
        caseId,
        divisionCode,
        landClass,
        areaMu,
        party,
        ongoing,
        clueSource,
        discoveredAt,
        ruleSetVersion,
      } = event.data;
      return {
        caseId,
        divisionCode,
        landClass,
        areaMu,
        party,
        ongoing,
        clueSource,
        discoveredAt,
        ruleSetVersion,
      };
    }),
    recordStopOrder: assign(({ event }) => {
      assertEvent(event, 'StopOrderServed');
      return { stopOrder: { servedAt: event.data.servedAt, documentRef: event.data.documentRef } };
    }),
    recordStop: assign(({ event }) => {
      assertEvent(event, 'StopConfirmed');
      return { stoppedAt: event.data.observedAt };
    }),
    recordStopRefusal: assign(({ context, event }) => {
      assertEvent(event, 'StopConfirmed');
      return { stopRefusals: [...context.stopRefusals, event.data.observedAt] };
    }),
    recordFiling: assign(({ event }) => {
      assertEvent(event, 'CaseFiled');
      const { filingNo, filedAt, divisionCode, landClass, areaMu, party } = event.data;
      return { filing: { filingNo, filedAt }, divisionCode, landClass, areaMu, party };
    }),
    recordNotice: assign(({ event }) => {
      assertEvent(event, 'PenaltyNoticeServed');
      return { notice: { measures: event.data.measures, noticeRef: event.data.noticeRef } };
    }),
    recordHearing: assign(({ event }) => {
      assertEvent(event, 'HearingRecorded');
      return { hearing: { requested: event.data.requested, heldAt: event.data.heldAt ?? null } };
    }),
    recordDecision: assign(({ event }) => {
      assertEvent(event, 'PenaltyDecided');
      const { measures, fineYuan, complyBy, decisionRef, servedAt, divisionCode, landClass, areaMu } =
        event.data;
      return {
        decision: { measures, fineYuan: fineYuan ?? null, complyBy, decisionRef, servedAt: servedAt ?? null },
        divisionCode,
        landClass,
        areaMu,
      };
    }),
    recordCompliance: assign(({ context, event }) => {
      assertEvent(event, 'ComplianceRecorded');
      const { complied, observedAt } = event.data;
      return { compliance: [...context.compliance, { complied, observedAt }] };
    }),
    recordRemedy: assign(({ context, event }) => {
      if (event.type === 'ReconsiderationApplied')
        return {
          remedies: [...context.remedies, { kind: 'reconsideration' as const, at: event.data.appliedAt }],
        };
      assertEvent(event, 'LawsuitFiled');
      return { remedies: [...context.remedies, { kind: 'lawsuit' as const, at: event.data.filedAt }] };
    }),
    recordRemedyOutcome: assign(({ context, event }) => {
      assertEvent(event, ['ReconsiderationDecided', 'LawsuitDecided']);
      const { decidedAt, upheld } = event.data;
      const last = context.remedies.at(-1)!;
      return { remedies: [...context.remedies.slice(0, -1), { ...last, outcome: { decidedAt, upheld } }] };
    }),
    recordCourtApplication: assign(({ context, event }) => {
      assertEvent(event, 'CourtApplicationFiled');
      const { reminderServedAt, appliedAt } = event.data;
      // A new application opens a new refusal to appeal.
      return {
        courtApplications: [...context.courtApplications, { reminderServedAt, appliedAt }],
        courtAppealed: false,
      };
    }),
    recordCourtRuling: assign(({ context, event }) => {
      assertEvent(event, 'CourtRuled');
      const { granted, rulingRef } = event.data;
      return { courtRulings: [...context.courtRulings, { granted, rulingRef }] };
    }),
    recordCourtAppeal: assign(({ context, event }) => {
      assertEvent(event, 'CourtRulingAppealed');
      const { caseId: _, ...record } = event.data;
      return { courtAppeals: [...context.courtAppeals, record], courtAppealed: true };
    }),
    recordRestoration: assign(({ event }) => {
      assertEvent(event, 'RestorationConfirmed');
      return { restoredAt: event.data.acceptedAt };
    }),
    recordClosure: assign(({ event }) => {
      assertEvent(event, 'CaseClosed');
      return { closure: { summary: event.data.summary, closedAt: event.data.closedAt } };
    }),
    recordInterference: assign(({ context, event }) => {
      assertEvent(event, 'InterferenceRecorded');
      const { caseId: _, ...record } = event.data;
      return { interferences: [...context.interferences, record] };
    }),
    recordIllegalApproval: assign(({ context, event }) => {
      assertEvent(event, 'IllegalApprovalRecorded');
      const { caseId: _, ...record } = event.data;
      return { illegalApprovals: [...context.illegalApprovals, record] };
    }),
    recordDecisionExtension: assign(({ context, event }) => {
      assertEvent(event, 'DecisionPeriodExtended');
      const { caseId: _, ...record } = event.data;
      return { decisionExtended: true, decisionExtensions: [...context.decisionExtensions, record] };
    }),
    recordServiceRefusal: assign(({ context, event }) => {
      assertEvent(event, 'ServiceRefusalNoticesSent');
      const { caseId: _, ...record } = event.data;
      return { serviceRefusals: [...context.serviceRefusals, record] };
    }),
    recordDefence: assign(({ context, event }) => {
      assertEvent(event, 'DefenceStated');
      const { caseId: _, ...record } = event.data;
      return { defenceStatements: [...context.defenceStatements, record] };
    }),
    recordCollectiveReview: assign(({ context, event }) => {
      assertEvent(event, 'CollectiveReviewHeld');
      const { caseId: _, ...record } = event.data;
      return { collectiveReviews: [...context.collectiveReviews, record] };
    }),
    recordLegalReview: assign(({ context, event }) => {
      assertEvent(event, 'LegalReviewCompleted');
      const { caseId: _, ...record } = event.data;
      return { legalReviews: [...context.legalReviews, record] };
    }),
    ...deadlines.actions,
  },
}).createMachine({
  id: 'enforcementCase',
  initial: 'none',
  context: INITIAL_CONTEXT,
  states: {
    none: {
      on: { CaseOpened: { target: 'opened', actions: 'recordOpening' } },
    },
    opened: {
      meta: { deadline: fileDeadline },
      on: {
        StopOrderServed: { target: 'stopOrdered', actions: 'recordStopOrder' },
        CaseFiled: { ...fileCase, guard: 'nothingOngoing' },
        ...onDeadlines(fileDeadline),
        ...factsOnRecord,
      },
    },
    stopOrdered: {
      meta: { deadline: fileDeadline },
      on: {
        StopConfirmed: [
          { target: 'stopped', guard: 'stopConfirmed', actions: 'recordStop' },
          { target: 'obstructed', guard: 'stopRefused', actions: 'recordStopRefusal' },
        ],
        CaseFiled: { ...fileCase, guard: 'nothingOngoing' },
        ...onDeadlines(fileDeadline),
        ...factsOnRecord,
        ...refusalOfService,
      },
    },
    stopped: {
      meta: { deadline: fileDeadline },
      on: {
        CaseFiled: fileCase,
        ...onDeadlines(fileDeadline),
        ...factsOnRecord,
        ...refusalOfService,
      },
    },
    obstructed: {
      meta: { deadline: fileDeadline },
      on: {
        StopConfirmed: [
          { target: 'stopped', guard: 'stopConfirmed', actions: 'recordStop' },
          { guard: 'stopRefused', actions: 'recordStopRefusal' },
        ],
        CaseFiled: fileCase,
        ...onDeadlines(fileDeadline),
        ...factsOnRecord,
        ...refusalOfService,
      },
    },
    investigation: {
      meta: { deadline: [decideDeadline, decideExtendedDeadline] },
      initial: 'filed',
      on: {
        DecisionPeriodExtended: { guard: 'extendsDecisionPeriod', actions: 'recordDecisionExtension' },
        CollectiveReviewHeld: { actions: 'recordCollectiveReview' },
        LegalReviewCompleted: { actions: 'recordLegalReview' },
        ...onDeadlines(decideDeadline, decideExtendedDeadline),
        ...factsOnRecord,
        ...refusalOfService,
      },
      states: {
        filed: {
          on: { PenaltyNoticeServed: { target: 'noticed', actions: 'recordNotice' } },
        },
        noticed: {
          meta: { deadline: hearingRequestDeadline },
          on: {
            HearingRecorded: { target: 'heard', actions: 'recordHearing' },
            DefenceStated: { actions: 'recordDefence' },
            // The investigation's own rung (the decision deadline) falls through to the parent.
            EscalationRaised: escalate(hearingRequestDeadline),
          },
        },
        heard: {
          on: {
            PenaltyDecided: {
              target: '#enforcementCase.decided',
              guard: 'measuresAllowed',
              actions: 'recordDecision',
            },
            DefenceStated: { actions: 'recordDefence' },
          },
        },
      },
    },
    decided: {
      meta: { deadline: complyDeadline },
      on: {
        ComplianceRecorded: [
          { target: 'executed', guard: 'complied', actions: 'recordCompliance' },
          { target: 'nonCompliant', guard: 'notComplied', actions: 'recordCompliance' },
        ],
        ...onDeadlines(complyDeadline),
        RestorationConfirmed: restorationKept,
        ...factsOnRecord,
        ...refusalOfService,
        ...partyRemedies,
      },
    },
    nonCompliant: {
      on: {
        CourtApplicationFiled: {
          target: 'courtApplied',
          guard: 'decisionStands',
          actions: 'recordCourtApplication',
        },
        ComplianceRecorded: { target: 'executed', guard: 'complied', actions: 'recordCompliance' },
        RestorationConfirmed: restorationKept,
        ...factsOnRecord,
        ...refusalOfService,
        ...partyRemedies,
      },
    },
    courtApplied: {
      meta: { deadline: courtRulingDeadline },
      on: {
        CourtRuled: [
          { target: 'executed', guard: 'granted', actions: 'recordCourtRuling' },
          { target: 'courtRefused', guard: 'notGranted', actions: 'recordCourtRuling' },
        ],
        ...onDeadlines(courtRulingDeadline),
        RestorationConfirmed: restorationKept,
        ...factsOnRecord,
        ...refusalOfService,
      },
    },
    courtRefused: {
      on: {
        CourtApplicationFiled: {
          target: 'courtApplied',
          guard: 'decisionStands',
          actions: 'recordCourtApplication',
        },
        CourtRulingAppealed: { target: 'courtAppeal', guard: 'notYetAppealed', actions: 'recordCourtAppeal' },
        ComplianceRecorded: { target: 'executed', guard: 'complied', actions: 'recordCompliance' },
        RestorationConfirmed: restorationKept,
        ...factsOnRecord,
        ...refusalOfService,
        ...partyRemedies,
      },
    },
    // The court at the next level reconsiders the refusal; like the first court, it rules.
    courtAppeal: {
      meta: { deadline: courtAppealRulingDeadline },
      on: {
        CourtRuled: [
          { target: 'executed', guard: 'granted', actions: 'recordCourtRuling' },
          { target: 'courtRefused', guard: 'notGranted', actions: 'recordCourtRuling' },
        ],
        ...onDeadlines(courtAppealRulingDeadline),
        RestorationConfirmed: restorationKept,
        ...factsOnRecord,
        ...refusalOfService,
      },
    },
    // The joint acceptance can come before the bureau records compliance (the land was restored
    // while the decision was being executed): it is kept, and execution then leads straight on.
    executed: {
      always: { target: 'restored', guard: 'alreadyRestored' },
      on: {
        RestorationConfirmed: {
          target: 'restored',
          guard: 'restorationOrdered',
          actions: 'recordRestoration',
        },
        // Nothing to restore: executing the decision was the last step (结案).
        CaseClosed: { target: 'closed', guard: 'nothingToRestore', actions: 'recordClosure' },
        ...factsOnRecord,
        ...refusalOfService,
      },
    },
    restored: {
      on: { CaseClosed: { target: 'closed', actions: 'recordClosure' }, ...factsOnRecord },
    },
    closed: { type: 'final' },
  },
});

export type EnforcementCaseMachine = typeof enforcementCaseMachine;
