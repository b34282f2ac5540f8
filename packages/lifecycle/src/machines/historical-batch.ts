import { assertEvent, assign, setup } from 'xstate';
import { deadline, type MissedDeadline, notYetMissed, recordMissed, type StateMeta } from '../deadlines.ts';
import { escalate, escalationAccepted, type RaisedEscalation, recordEscalation } from '../escalation.ts';
import type { HistoricalBatchMachineEvent, HistoricalDisposition } from '../events.ts';

/**
 * A batch of historical cases (分期分批整治, seed 004 §(六)2): historical clues of one division,
 * chosen by hand or by their time-node class, handled by one disposition by a due date.
 *
 * States: `none` → `open` (nothing settled yet) → `underway` (some clues settled) → `completed`
 * (final); the due date runs in `open` and `underway`.
 *
 * Events: HistoricalBatchOpened, HistoricalBatchClueSettled (one per clue, the batch's progress),
 * HistoricalBatchClueWithdrawn (a clue another batch opened at the same time took first),
 * HistoricalBatchCompleted (only once every clue is settled or withdrawn; the service appends it
 * with the last), DeadlineMissed and EscalationRaised (the due date passed while open).
 */
export interface HistoricalBatchContext {
  batchId: string | null;
  divisionCode: string | null;
  timeNode: string | null;
  disposition: HistoricalDisposition | null;
  dueBy: string | null;
  clueIds: string[];
  settled: { clueId: string; settledAt: string }[];
  withdrawn: { clueId: string; reason: string; withdrawnAt: string }[];
  openedAt: string | null;
  completedAt: string | null;
  /** Escalation reads the division the batch is in. */
  missedDeadlines: MissedDeadline[];
  escalations: RaisedEscalation[];
}

const INITIAL_CONTEXT: HistoricalBatchContext = {
  batchId: null,
  divisionCode: null,
  timeNode: null,
  disposition: null,
  dueBy: null,
  clueIds: [],
  settled: [],
  withdrawn: [],
  openedAt: null,
  completedAt: null,
  missedDeadlines: [],
  escalations: [],
};

const dueDeadline = deadline('deadline.historical.batch', 'HistoricalBatchOpened', { from: 'dueBy' });

/** Settled, or withdrawn because another batch took it. */
const isDone = (context: HistoricalBatchContext, clueId: string): boolean =>
  context.settled.some((s) => s.clueId === clueId) || context.withdrawn.some((w) => w.clueId === clueId);

const recordMissedDeadline = { guard: 'deadlineNotYetMissed', actions: 'recordMissedDeadline' } as const;

export const historicalBatchMachine = setup({
  types: {
    context: {} as HistoricalBatchContext,
    events: {} as HistoricalBatchMachineEvent,
    meta: {} as StateMeta,
  },
  guards: {
    hasClues: ({ event }) => event.type === 'HistoricalBatchOpened' && event.data.clueIds.length > 0,
    clueOpenInBatch: ({ context, event }) =>
      (event.type === 'HistoricalBatchClueSettled' || event.type === 'HistoricalBatchClueWithdrawn') &&
      context.clueIds.includes(event.data.clueId) &&
      !isDone(context, event.data.clueId),
    allSettled: ({ context }) => context.clueIds.every((id) => isDone(context, id)),
    deadlineNotYetMissed: ({ context, event }) =>
      event.type === 'DeadlineMissed' && notYetMissed(context.missedDeadlines, event.data),
    escalationAccepted: ({ context, event }, params: { rule: string }) =>
      event.type === 'EscalationRaised' && escalationAccepted(context, event.data, params.rule),
  },
  actions: {
    recordOpening: assign(({ event }) => {
      assertEvent(event, 'HistoricalBatchOpened');
      const d = event.data;
      return {
        batchId: d.batchId,
        divisionCode: d.divisionCode,
        timeNode: d.timeNode ?? null,
        disposition: d.disposition,
        dueBy: d.dueBy,
        clueIds: d.clueIds,
        openedAt: d.openedAt,
      };
    }),
    recordSettled: assign(({ context, event }) => {
      assertEvent(event, 'HistoricalBatchClueSettled');
      return {
        settled: [...context.settled, { clueId: event.data.clueId, settledAt: event.data.settledAt }],
      };
    }),
    recordWithdrawn: assign(({ context, event }) => {
      assertEvent(event, 'HistoricalBatchClueWithdrawn');
      const { clueId, reason, withdrawnAt } = event.data;
      return { withdrawn: [...context.withdrawn, { clueId, reason, withdrawnAt }] };
    }),
    recordCompleted: assign(({ event }) => {
      assertEvent(event, 'HistoricalBatchCompleted');
      return { completedAt: event.data.completedAt };
    }),
    recordMissedDeadline: assign(({ context, event }) => {
      assertEvent(event, 'DeadlineMissed');
      return { missedDeadlines: recordMissed(context.missedDeadlines, event.data) };
    }),
    recordEscalation: assign(({ context, event }) => {
      assertEvent(event, 'EscalationRaised');
      return { escalations: recordEscalation(context.escalations, event.data) };
    }),
  },
}).createMachine({
  id: 'historicalBatch',
  initial: 'none',
  context: INITIAL_CONTEXT,
  states: {
    none: {
      on: { HistoricalBatchOpened: { target: 'open', guard: 'hasClues', actions: 'recordOpening' } },
    },
    open: {
      meta: { deadline: dueDeadline },
      on: {
        HistoricalBatchClueSettled: {
          target: 'underway',
          guard: 'clueOpenInBatch',
          actions: 'recordSettled',
        },
        HistoricalBatchClueWithdrawn: { guard: 'clueOpenInBatch', actions: 'recordWithdrawn' },
        // Every clue withdrawn: nothing is left to do.
        HistoricalBatchCompleted: { target: 'completed', guard: 'allSettled', actions: 'recordCompleted' },
        DeadlineMissed: recordMissedDeadline,
        EscalationRaised: escalate(dueDeadline),
      },
    },
    underway: {
      meta: { deadline: dueDeadline },
      on: {
        HistoricalBatchClueSettled: { guard: 'clueOpenInBatch', actions: 'recordSettled' },
        HistoricalBatchClueWithdrawn: { guard: 'clueOpenInBatch', actions: 'recordWithdrawn' },
        HistoricalBatchCompleted: { target: 'completed', guard: 'allSettled', actions: 'recordCompleted' },
        DeadlineMissed: recordMissedDeadline,
        EscalationRaised: escalate(dueDeadline),
      },
    },
    completed: { type: 'final' },
  },
});

export type HistoricalBatchMachine = typeof historicalBatchMachine;
