import { assertEvent, assign, setup } from 'xstate';
import { type DeadlineRecord, deadlineHandling, onDeadlines } from '../deadline-handling.ts';
import { deadline, type StateMeta } from '../deadlines.ts';
import type {
  Agency,
  LandClass,
  PenaltyMeasure,
  RemediationMachineEvent,
  RemediationStep,
} from '../events.ts';

/**
 * Remediation (整改): demolish, re-cultivate, and the joint acceptance of the restored land by the
 * bureau and agriculture (耕地质量验收, seed 002).
 *
 * States (stateString):
 *   none → opened → demolished → recultivated → accepted (final)
 *   opened → recultivated directly when the decision ordered no demolition
 *   recultivated → rework (an acceptance failed) → demolished | recultivated
 *   opened | demolished | recultivated | rework → pbfRedesignation → back (PBF quota deducted)
 *
 * Events: RemediationOpened, ProgressRecorded, AcceptanceRecorded, RemediationAccepted,
 * DeadlineMissed, EscalationRaised (the rungs after a missed due date, while not accepted),
 * QuotaDeducted, PbfRedesignationRequired, PbfRedesignated.
 *
 * Every state still restoring runs two clocks: the due date of the decision and the end of the
 * China calendar year the remediation opened in (deadline.remediation.year-end). A miss of the
 * year's end is what deducts the quota; either miss climbs the escalation ladder.
 *
 * Not restored within the year, the division's reserve quota is deducted (seed 003 §三). That is a
 * flag in the context, not a state: restoration still has to happen, so the case stays where it
 * is. PBF must also be re-designated by a deadline: PbfRedesignationRequired (appended with the
 * deduction) → pbfRedesignation, whose deadline is the event's dueBy; PbfRedesignated returns to
 * the restoration state the case left. While the re-designation is pending, restoration progress
 * waits for it.
 *
 * AcceptanceRecorded comes from `nrb` or `agri`, each once per round of acceptance; a failure
 * sends the land to rework and a new round starts after the next progress. RemediationAccepted
 * is taken only once both passed (the service appends it right after the second pass).
 */
export interface RemediationContext extends DeadlineRecord {
  caseId: string | null;
  divisionCode: string | null;
  landClass: LandClass | null;
  areaMu: number | null;
  measures: PenaltyMeasure[];
  dueBy: string | null;
  progress: { step: RemediationStep; observedAt: string }[];
  /** Every acceptance recorded, failed ones included. */
  acceptances: { agency: Agency; passed: boolean; note: string }[];
  /** Agencies that passed the land in the current round. */
  passedBy: Agency[];
  acceptedAt: string | null;
  quotaDeduction: { year: number; areaMu: number; landClass: LandClass; deductedAt: string } | null;
  pbfRedesignation: { dueBy: string; parcelRef: string | null; redesignatedAt: string | null } | null;
  /** The restoration state PbfRedesignated returns to. */
  resumeTo: RestorationState | null;
}

const RESTORATION_STATES = ['opened', 'demolished', 'recultivated', 'rework'] as const;
type RestorationState = (typeof RESTORATION_STATES)[number];

const INITIAL_CONTEXT: RemediationContext = {
  caseId: null,
  divisionCode: null,
  landClass: null,
  areaMu: null,
  measures: [],
  dueBy: null,
  progress: [],
  acceptances: [],
  passedBy: [],
  acceptedAt: null,
  missedDeadlines: [],
  escalations: [],
  quotaDeduction: null,
  pbfRedesignation: null,
  resumeTo: null,
};

/** The agencies that jointly accept restored land. */
export const JOINT_ACCEPTORS = ['nrb', 'agri'] as const satisfies readonly Agency[];

const isJointAcceptor = (agency: Agency): boolean => (JOINT_ACCEPTORS as readonly Agency[]).includes(agency);

const dueDeadline = deadline('deadline.remediation.due', 'RemediationOpened', { from: 'dueBy' });
// Not restored within the year the remediation opened in (seed 003 §三, 年度内): at 24:00 China
// time on 31 December the scheduler records the miss and the service deducts the quota.
const yearEndDeadline = deadline('deadline.remediation.year-end', 'RemediationOpened');
/** The clocks of a state still restoring: the decision's due date and the year's end. */
const restoringDeadlines = [dueDeadline, yearEndDeadline];
const redesignationDeadline = deadline('deadline.remediation.pbf-redesignation', 'PbfRedesignationRequired', {
  from: 'dueBy',
});
const deadlines = deadlineHandling<RemediationContext, RemediationMachineEvent>();
/**
 * In every state still restoring: the quota deducted once (after the year's end was missed), and
 * for PBF the re-designation it requires, which PbfRedesignated leaves for the state it came from.
 */
const onQuotaDeduction = (from: RestorationState) =>
  ({
    QuotaDeducted: { guard: 'quotaNotYetDeducted', actions: 'recordQuotaDeduction' },
    PbfRedesignationRequired: {
      target: 'pbfRedesignation',
      guard: 'pbfQuotaDeducted',
      actions: { type: 'recordRedesignationRequired', params: { from } },
    },
  }) as const;

export const remediationMachine = setup({
  types: {
    context: {} as RemediationContext,
    events: {} as RemediationMachineEvent,
    meta: {} as StateMeta,
  },
  guards: {
    stepDemolished: ({ event }) => event.type === 'ProgressRecorded' && event.data.step === 'demolished',
    stepRecultivated: ({ event }) => event.type === 'ProgressRecorded' && event.data.step === 'recultivated',
    recultivatedWithoutDemolition: ({ context, event }) =>
      event.type === 'ProgressRecorded' &&
      event.data.step === 'recultivated' &&
      !context.measures.includes('demolish'),
    acceptancePassed: ({ context, event }) =>
      event.type === 'AcceptanceRecorded' &&
      isJointAcceptor(event.data.agency) &&
      !context.passedBy.includes(event.data.agency) &&
      event.data.passed,
    acceptanceFailed: ({ context, event }) =>
      event.type === 'AcceptanceRecorded' &&
      isJointAcceptor(event.data.agency) &&
      !context.passedBy.includes(event.data.agency) &&
      !event.data.passed,
    bothPassed: ({ context }) => JOINT_ACCEPTORS.every((agency) => context.passedBy.includes(agency)),
    quotaNotYetDeducted: ({ context }) => context.quotaDeduction === null,
    pbfQuotaDeducted: ({ context }) =>
      context.landClass === 'pbf' && context.quotaDeduction !== null && context.pbfRedesignation === null,
    resumesTo: ({ context }, params: { state: RestorationState }) => context.resumeTo === params.state,
    ...deadlines.guards,
  },
  actions: {
    recordOpening: assign(({ event }) => {
      assertEvent(event, 'RemediationOpened');
      const { caseId, divisionCode, landClass, areaMu, measures, dueBy } = event.data;
      return { caseId, divisionCode, landClass, areaMu, measures, dueBy };
    }),
    recordProgress: assign(({ context, event }) => {
      assertEvent(event, 'ProgressRecorded');
      return {
        progress: [...context.progress, { step: event.data.step, observedAt: event.data.observedAt }],
      };
    }),
    recordAcceptance: assign(({ context, event }) => {
      assertEvent(event, 'AcceptanceRecorded');
      const { agency, passed, note } = event.data;
      return {
        acceptances: [...context.acceptances, { agency, passed, note }],
        passedBy: passed ? [...context.passedBy, agency] : context.passedBy,
      };
    }),
    // Rework changes the land, so both agencies accept it afresh.
    startNewRound: assign({ passedBy: [] }),
    recordAccepted: assign(({ event }) => {
      assertEvent(event, 'RemediationAccepted');
      return { acceptedAt: event.data.acceptedAt };
    }),
    recordQuotaDeduction: assign(({ event }) => {
      assertEvent(event, 'QuotaDeducted');
      const { year, areaMu, landClass, deductedAt } = event.data;
      return { quotaDeduction: { year, areaMu, landClass, deductedAt } };
    }),
    recordRedesignationRequired: assign(({ event }, params: { from: RestorationState }) => {
      assertEvent(event, 'PbfRedesignationRequired');
      return {
        pbfRedesignation: { dueBy: event.data.dueBy, parcelRef: null, redesignatedAt: null },
        resumeTo: params.from,
      };
    }),
    recordRedesignated: assign(({ context, event }) => {
      assertEvent(event, 'PbfRedesignated');
      const { parcelRef, redesignatedAt } = event.data;
      return {
        pbfRedesignation: {
          dueBy: context.pbfRedesignation?.dueBy ?? redesignatedAt,
          parcelRef,
          redesignatedAt,
        },
        resumeTo: null,
      };
    }),
    ...deadlines.actions,
  },
}).createMachine({
  id: 'remediation',
  initial: 'none',
  context: INITIAL_CONTEXT,
  states: {
    none: {
      on: { RemediationOpened: { target: 'opened', actions: 'recordOpening' } },
    },
    opened: {
      meta: { deadline: restoringDeadlines },
      on: {
        ...onQuotaDeduction('opened'),
        ProgressRecorded: [
          { target: 'demolished', guard: 'stepDemolished', actions: 'recordProgress' },
          { target: 'recultivated', guard: 'recultivatedWithoutDemolition', actions: 'recordProgress' },
        ],
        ...onDeadlines(...restoringDeadlines),
      },
    },
    demolished: {
      meta: { deadline: restoringDeadlines },
      on: {
        ...onQuotaDeduction('demolished'),
        ProgressRecorded: { target: 'recultivated', guard: 'stepRecultivated', actions: 'recordProgress' },
        ...onDeadlines(...restoringDeadlines),
      },
    },
    recultivated: {
      meta: { deadline: restoringDeadlines },
      on: {
        ...onQuotaDeduction('recultivated'),
        AcceptanceRecorded: [
          { guard: 'acceptancePassed', actions: 'recordAcceptance' },
          { target: 'rework', guard: 'acceptanceFailed', actions: ['recordAcceptance', 'startNewRound'] },
        ],
        RemediationAccepted: { target: 'accepted', guard: 'bothPassed', actions: 'recordAccepted' },
        ...onDeadlines(...restoringDeadlines),
      },
    },
    rework: {
      meta: { deadline: restoringDeadlines },
      on: {
        ...onQuotaDeduction('rework'),
        ProgressRecorded: [
          { target: 'demolished', guard: 'stepDemolished', actions: 'recordProgress' },
          { target: 'recultivated', guard: 'stepRecultivated', actions: 'recordProgress' },
        ],
        ...onDeadlines(...restoringDeadlines),
      },
    },
    pbfRedesignation: {
      meta: { deadline: redesignationDeadline },
      on: {
        PbfRedesignated: RESTORATION_STATES.map((state) => ({
          target: state,
          guard: { type: 'resumesTo', params: { state } },
          actions: 'recordRedesignated',
        })),
        ...onDeadlines(redesignationDeadline),
      },
    },
    accepted: { type: 'final' },
  },
});

export type RemediationMachine = typeof remediationMachine;
