import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventFromLogic,
  getNextTransitions,
  initialTransition,
  type SnapshotFrom,
  type StateValue,
  transition,
} from 'xstate';
import type { DomainEventLike } from './events.ts';

// Folding a stream through a machine with xstate's pure transition functions: no actor is
// started, no timer set, no action executed (the machines only assign context anyway).

/** The stored history holds an event the machine refuses in the state the history led to. */
export class HistoryConflictError extends Error {
  override readonly name = 'HistoryConflictError';
  constructor(
    readonly machineId: string,
    /** 0-based index of the event in the folded list. */
    readonly index: number,
    readonly eventType: string,
    readonly state: string,
    readonly allowedEvents: string[],
  ) {
    super(
      `${machineId}: event #${index} '${eventType}' is not accepted in state '${state}'` +
        ` (accepted there: ${allowedEvents.length > 0 ? allowedEvents.join(', ') : 'nothing'})`,
    );
  }
}

/** The snapshot before any event. */
export function initialOf<M extends AnyStateMachine>(machine: M): SnapshotFrom<M> {
  // The machines take no input; the cast only widens xstate's input-dependent signature.
  return (initialTransition as (logic: AnyStateMachine) => [AnyMachineSnapshot, unknown[]])(
    machine,
  )[0] as SnapshotFrom<M>;
}

/**
 * Folds events (`{ type, data }`; other fields such as stored metadata are dropped) through the
 * machine, from `from` or the initial snapshot. Throws HistoryConflictError on an event the
 * machine does not accept where it stands: the history contradicts the rules it was written under.
 */
export function evolve<M extends AnyStateMachine>(
  machine: M,
  events: readonly DomainEventLike[],
  from: SnapshotFrom<M> = initialOf(machine),
): SnapshotFrom<M> {
  let snapshot = from;
  events.forEach((stored, index) => {
    const event = { type: stored.type, data: stored.data } as EventFromLogic<M>;
    if (!accepts(snapshot, event)) {
      throw new HistoryConflictError(
        machine.id,
        index,
        stored.type,
        stateString(snapshot),
        allowedEvents(machine, snapshot),
      );
    }
    snapshot = transition(machine, snapshot, event)[0] as SnapshotFrom<M>;
  });
  return snapshot;
}

/** Whether the snapshot takes the event, guards included (they read the event's data). */
export function accepts(snapshot: AnyMachineSnapshot, event: DomainEventLike): boolean {
  return snapshot.status === 'active' && snapshot.can(event as Parameters<AnyMachineSnapshot['can']>[0]);
}

/**
 * The event types with a transition from the current state configuration, in the machine's own
 * order, whether or not a guard would let a particular payload through (the answer to "what could
 * happen next" for a 409 problem).
 */
export function allowedEvents(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): string[] {
  if (snapshot.status !== 'active') return [];
  const next = new Set(getNextTransitions(snapshot).map((t) => t.eventType));
  return machine.events.filter((type) => next.has(type));
}

/** The state value as a dotted path (`investigation.heard`); parallel regions joined by ','. */
export function stateString(snapshot: AnyMachineSnapshot): string {
  return statePaths(snapshot.value).join(',');
}

function statePaths(value: StateValue): string[] {
  if (typeof value === 'string') return [value];
  return Object.entries(value).flatMap(([key, child]) =>
    child === undefined ? [key] : statePaths(child).map((path) => `${key}.${path}`),
  );
}
