import { assertEvent, assign, setup } from 'xstate';
import { type DeadlineRecord, deadlineHandling, onDeadlines } from '../deadline-handling.ts';
import { deadline, type StateMeta } from '../deadlines.ts';
import { divisionLevels } from '../division-levels.ts';
import type {
  ClueMachineEvent,
  ClueSource,
  HistoricalDisposition,
  LandClass,
  Party,
  Verdict,
} from '../events.ts';

/**
 * A clue (线索): a suspected violation from any source, until field verification (实地核查)
 * settles it.
 *
 * States: `none` → `reported` → (`dispatched`, repeatable) → `verified.illegal` |
 * `verified.legal` | `verified.no_change` (final) | `verified.historical` → `verified.batched` →
 * `verified.settled` (final).
 *
 * Events: ClueReported, ClueDispatched, ClueVerified, HistoricalBatched, HistoricalSettled,
 * DeadlineMissed, EscalationRaised.
 * - ClueDispatched must leave from the division the clue is at and go somewhere else.
 * - ClueVerified: `illegal` needs a party, `legal` an approval number.
 * - A historical clue (遗留) waits in the ledger (台账) until a batch takes it (HistoricalBatched,
 *   once), and is settled when the batch's disposition was carried out for it (HistoricalSettled,
 *   of that batch): seed 004 §(六)2 分期分批整治. The batch's due date is the batch's deadline.
 * - DeadlineMissed (verification due, 月清) is recorded in `reported` and `dispatched`, once per
 *   deadlineId; then EscalationRaised, once per rung and in order, while the clue is unverified.
 * - A clue held by a province or a city is passed down within 5 days (seed 000 §(四)): each hop has
 *   its own deadline, from the report at the province or city, else from the dispatch that brought
 *   it there; a county, township or village verifies and runs no dispatch deadline.
 */
export interface ClueContext extends DeadlineRecord {
  caseId: string | null;
  /** Where the clue is now; follows it down on dispatch and is the verifier's on verification. */
  divisionCode: string | null;
  reportedDivisionCode: string | null;
  source: ClueSource | null;
  externalRef: string | null;
  observedAt: string | null;
  /** As reported, then as measured on site. */
  areaMu: number | null;
  landClass: LandClass | null;
  dispatches: { fromDivisionCode: string; toDivisionCode: string; dispatchedAt: string }[];
  /** The level of the division holding the clue: a province or a city must pass it down in time. */
  holderLevel: DivisionLevel | null;
  verdict: Verdict | null;
  party: Party | null;
  approvalRef: string | null;
  /** Construction still going on when verified: enforcement then starts with a stop order. */
  ongoing: boolean | null;
  verifiedAt: string | null;
  /** Historical verdict: when the occupation began (China date). */
  occupiedSince: string | null;
  /** The batch that handles a historical clue, and what it decided. */
  batch: { batchId: string; disposition: HistoricalDisposition; dueBy: string } | null;
  settledAt: string | null;
}

const INITIAL_CONTEXT: ClueContext = {
  caseId: null,
  divisionCode: null,
  reportedDivisionCode: null,
  source: null,
  externalRef: null,
  observedAt: null,
  areaMu: null,
  landClass: null,
  dispatches: [],
  holderLevel: null,
  verdict: null,
  party: null,
  approvalRef: null,
  ongoing: null,
  verifiedAt: null,
  occupiedSince: null,
  batch: null,
  settledAt: null,
  missedDeadlines: [],
  escalations: [],
};

export type DivisionLevel = 'province' | 'city' | 'county' | 'township' | 'village';
const LEVELS: readonly DivisionLevel[] = ['province', 'city', 'county', 'township', 'village'];
/** The level a GB/T 2260 code names (`140000` province, `141100` city, `141181` county). */
export const divisionLevelOf = (code: string): DivisionLevel | null =>
  LEVELS[divisionLevels(code).length - 1] ?? null;

const verifyDeadline = deadline('deadline.clue.verify', 'ClueReported');
// Province → city and city → county, 5 days a hop (seed 000 §(四)); a hop's count starts when the
// clue reached the division holding it: its report there, or the dispatch that brought it.
const PASSES_DOWN = { holderLevel: ['province', 'city'] } as const;
const dispatchFromReport = deadline('deadline.clue.dispatch', 'ClueReported', { when: PASSES_DOWN });
const dispatchFromReceipt = deadline('deadline.clue.dispatch', 'ClueDispatched', {
  from: 'dispatchedAt',
  when: PASSES_DOWN,
});

// The same verdicts may be given before or after a dispatch.
const verification = [
  { target: 'verified.illegal', guard: 'illegalWithParty', actions: 'recordVerification' },
  { target: 'verified.legal', guard: 'legalWithApproval', actions: 'recordVerification' },
  { target: 'verified.no_change', guard: 'noChange', actions: 'recordVerification' },
  { target: 'verified.historical', guard: 'historical', actions: 'recordVerification' },
] as const;

type Verifying = Extract<ClueMachineEvent, { type: 'ClueVerified' }>;
const verdictIs = (event: ClueMachineEvent, verdict: Verdict): event is Verifying =>
  event.type === 'ClueVerified' && event.data.verdict === verdict;

const deadlines = deadlineHandling<ClueContext, ClueMachineEvent>();

export const clueMachine = setup({
  types: {
    context: {} as ClueContext,
    events: {} as ClueMachineEvent,
    meta: {} as StateMeta,
  },
  guards: {
    leavesCurrentDivision: ({ context, event }) =>
      event.type === 'ClueDispatched' &&
      event.data.fromDivisionCode === context.divisionCode &&
      event.data.toDivisionCode !== event.data.fromDivisionCode,
    illegalWithParty: ({ event }) => verdictIs(event, 'illegal') && event.data.party !== undefined,
    legalWithApproval: ({ event }) => verdictIs(event, 'legal') && event.data.approvalRef !== undefined,
    noChange: ({ event }) => verdictIs(event, 'no_change'),
    historical: ({ event }) => verdictIs(event, 'historical'),
    ofItsBatch: ({ context, event }) =>
      event.type === 'HistoricalSettled' && event.data.batchId === context.batch?.batchId,
    ...deadlines.guards,
  },
  actions: {
    recordReport: assign(({ event }) => {
      assertEvent(event, 'ClueReported');
      const d = event.data;
      return {
        caseId: d.caseId,
        divisionCode: d.divisionCode,
        reportedDivisionCode: d.divisionCode,
        source: d.source,
        externalRef: d.externalRef ?? null,
        observedAt: d.observedAt,
        areaMu: d.areaMu,
        landClass: d.landClass,
        holderLevel: divisionLevelOf(d.divisionCode),
      };
    }),
    recordDispatch: assign(({ context, event }) => {
      assertEvent(event, 'ClueDispatched');
      const { caseId: _caseId, ...dispatch } = event.data;
      return {
        divisionCode: dispatch.toDivisionCode,
        holderLevel: divisionLevelOf(dispatch.toDivisionCode),
        dispatches: [...context.dispatches, dispatch],
      };
    }),
    recordVerification: assign(({ event }) => {
      assertEvent(event, 'ClueVerified');
      const d = event.data;
      return {
        verdict: d.verdict,
        divisionCode: d.divisionCode,
        areaMu: d.areaMu,
        landClass: d.landClass,
        ongoing: d.ongoing,
        party: d.party ?? null,
        approvalRef: d.approvalRef ?? null,
        occupiedSince: d.occupiedSince ?? null,
        verifiedAt: d.verifiedAt,
      };
    }),
    recordBatch: assign(({ event }) => {
      assertEvent(event, 'HistoricalBatched');
      const { batchId, disposition, dueBy } = event.data;
      return { batch: { batchId, disposition, dueBy } };
    }),
    recordSettlement: assign(({ event }) => {
      assertEvent(event, 'HistoricalSettled');
      return { settledAt: event.data.settledAt };
    }),
    ...deadlines.actions,
  },
}).createMachine({
  id: 'clue',
  initial: 'none',
  context: INITIAL_CONTEXT,
  states: {
    none: {
      on: { ClueReported: { target: 'reported', actions: 'recordReport' } },
    },
    reported: {
      meta: { deadline: [verifyDeadline, dispatchFromReport] },
      on: {
        ClueDispatched: { target: 'dispatched', guard: 'leavesCurrentDivision', actions: 'recordDispatch' },
        ClueVerified: verification,
        ...onDeadlines(verifyDeadline, dispatchFromReport),
      },
    },
    dispatched: {
      meta: { deadline: [verifyDeadline, dispatchFromReceipt] },
      on: {
        // Down the hierarchy again: province → city → county.
        ClueDispatched: { target: 'dispatched', guard: 'leavesCurrentDivision', actions: 'recordDispatch' },
        ClueVerified: verification,
        ...onDeadlines(verifyDeadline, dispatchFromReceipt),
      },
    },
    verified: {
      // Entered only through a verdict; each verdict but historical is final for the clue.
      initial: 'illegal',
      states: {
        illegal: { type: 'final' },
        legal: { type: 'final' },
        no_change: { type: 'final' },
        // In the ledger (台账), waiting for a batch.
        historical: {
          on: { HistoricalBatched: { target: 'batched', actions: 'recordBatch' } },
        },
        batched: {
          on: { HistoricalSettled: { target: 'settled', guard: 'ofItsBatch', actions: 'recordSettlement' } },
        },
        settled: { type: 'final' },
      },
    },
  },
});

export type ClueMachine = typeof clueMachine;
