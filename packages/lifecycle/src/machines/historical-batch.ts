import { assertEvent, assign, setup } from 'xstate';
import { type DeadlineRecord, deadlineHandling, onDeadlines } from '../deadline-handling.ts';
import { deadline, type StateMeta } from '../deadlines.ts';
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
 * HistoricalBatchCompleted (only once every clue is settled or withdrawn; the bureau head records
 * it, checked against `historical.batch.completion` first), DeadlineMissed and EscalationRaised (the due date passed while open).
 */
export interface HistoricalBatchContext extends DeadlineRecord {
  batchId: string | null;
  /** Escalation reads the division the batch is in. */
  divisionCode: string | null;
  timeNode: string | null;
  disposition: HistoricalDisposition | null;
  dueBy: string | null;
  clueIds: string[];
  settled: { clueId: string; settledAt: string }[];
  withdrawn: { clueId: string; reason: string; withdrawnAt: string }[];
  openedAt: string | null;
  completedAt: string | null;
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

const deadlines = deadlineHandling<HistoricalBatchContext, HistoricalBatchMachineEvent>();

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
    ...deadlines.guards,
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
    ...deadlines.actions,
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
        ...onDeadlines(dueDeadline),
      },
    },
    underway: {
      meta: { deadline: dueDeadline },
      on: {
        HistoricalBatchClueSettled: { guard: 'clueOpenInBatch', actions: 'recordSettled' },
        HistoricalBatchClueWithdrawn: { guard: 'clueOpenInBatch', actions: 'recordWithdrawn' },
        HistoricalBatchCompleted: { target: 'completed', guard: 'allSettled', actions: 'recordCompleted' },
        ...onDeadlines(dueDeadline),
      },
    },
    completed: { type: 'final' },
  },
});

export type HistoricalBatchMachine = typeof historicalBatchMachine;
