import { assign, type EventObject } from 'xstate';
import {
  appliesTo,
  type DeadlineSpec,
  type MissedDeadline,
  notYetMissed,
  recordMissed,
} from './deadlines.ts';
import { escalationAccepted, type RaisedEscalation, recordEscalation } from './escalation.ts';
import type { DeadlineMissedData, EscalationRaisedData } from './events.ts';

// Every machine whose states carry deadlines takes the scheduler's two events the same way: a miss
// is recorded once per deadlineId, and a rung once and in order while the state carries the missed
// deadline's rule. A machine spreads deadlineHandling's guards and actions into its `setup`, and
// each deadline-carrying state spreads onDeadlines(...) into its `on`, so the states still show
// which events they take.

/** What a machine that carries deadlines keeps of them in its context. */
export interface DeadlineRecord {
  missedDeadlines: MissedDeadline[];
  /** Rungs of the escalation ladder raised for missed deadlines, in order. */
  escalations: RaisedEscalation[];
}

type DeadlineMissedEvent = { type: 'DeadlineMissed'; data: DeadlineMissedData };
type EscalationRaisedEvent = { type: 'EscalationRaised'; data: EscalationRaisedData };

/** The scheduler's events as a machine types them (the referral's may name its referralId). */
export type SchedulerEventOf<TEvent> =
  | Extract<TEvent, DeadlineMissedEvent>
  | Extract<TEvent, EscalationRaisedEvent>;

/**
 * The guards and actions the transitions of onDeadlines name, for a machine's `setup`.
 * `concerns` narrows the events further: a stream holding one of several aggregates (referral,
 * recommendation) takes only those naming it, or naming none.
 */
export function deadlineHandling<TContext extends DeadlineRecord, TEvent extends EventObject>(
  concerns: (context: TContext, event: SchedulerEventOf<TEvent>) => boolean = () => true,
) {
  // The machine's own event type says what data a DeadlineMissed or EscalationRaised carries.
  const isMissed = (event: TEvent): event is Extract<TEvent, DeadlineMissedEvent> =>
    event.type === 'DeadlineMissed';
  const isRaised = (event: TEvent): event is Extract<TEvent, EscalationRaisedEvent> =>
    event.type === 'EscalationRaised';
  return {
    guards: {
      deadlineNotYetMissed: ({ context, event }: { context: TContext; event: TEvent }) =>
        isMissed(event) && concerns(context, event) && notYetMissed(context.missedDeadlines, event.data),
      // A rung only for a deadline that runs here: the state carries its rule and its `when` holds
      // (a decision period once extended, a referral to another agency than the police).
      escalationAccepted: (
        { context, event }: { context: TContext; event: TEvent },
        params: Pick<DeadlineSpec, 'rule' | 'when'>,
      ) =>
        isRaised(event) &&
        concerns(context, event) &&
        appliesTo(params, context) &&
        escalationAccepted(context, event.data, params.rule),
    },
    actions: {
      // The whole context comes back with the field replaced: a literal holding only the field is
      // not a Partial<TContext> to the compiler while TContext is generic.
      recordMissedDeadline: assign<TContext, TEvent, undefined, TEvent, never>(({ context, event }) => {
        if (!isMissed(event)) throw new Error(`recordMissedDeadline: unexpected ${event.type}`);
        return { ...context, missedDeadlines: recordMissed(context.missedDeadlines, event.data) };
      }),
      recordEscalation: assign<TContext, TEvent, undefined, TEvent, never>(({ context, event }) => {
        if (!isRaised(event)) throw new Error(`recordEscalation: unexpected ${event.type}`);
        return { ...context, escalations: recordEscalation(context.escalations, event.data) };
      }),
    },
  };
}

/**
 * The transition a state carrying `spec` takes on EscalationRaised: recorded, the state unchanged.
 * Alone where a nested state adds its own rule and leaves DeadlineMissed to its parent.
 */
export const escalate = (spec: DeadlineSpec) =>
  ({
    guard: {
      type: 'escalationAccepted',
      params: { rule: spec.rule, ...(spec.when ? { when: spec.when } : {}) },
    },
    actions: 'recordEscalation',
  }) as const;

/**
 * The `on` entries of a state that carries these deadlines (its `meta.deadline`): DeadlineMissed
 * recorded once per deadline, EscalationRaised for the rules of these deadlines; the state stays.
 */
export const onDeadlines = (...specs: readonly DeadlineSpec[]) =>
  ({
    DeadlineMissed: { guard: 'deadlineNotYetMissed', actions: 'recordMissedDeadline' },
    EscalationRaised: specs.map(escalate),
  }) as const;
