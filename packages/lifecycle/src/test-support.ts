import assert from 'node:assert/strict';
import type { AnyStateMachine, EventFromLogic, SnapshotFrom } from 'xstate';
import type { DomainEventLike } from './events.ts';
import { accepts, evolve, HistoryConflictError, stateString } from './evolve.ts';

// Decider-style specifications: given a history, when an event arrives, then the machine is in a
// state (or refuses the event). Framework-free: failures are node:assert errors.

export interface Then<M extends AnyStateMachine> {
  /** The event is accepted and leads to `state` (a stateString); `check` inspects the result. */
  then(state: string, check?: (snapshot: SnapshotFrom<M>) => void): SnapshotFrom<M>;
  /** The event is refused where the history stands, and folding it fails with HistoryConflictError. */
  rejected(): void;
}

export interface Given<M extends AnyStateMachine> {
  snapshot: SnapshotFrom<M>;
  when(event: EventFromLogic<M>): Then<M>;
}

export function specFor<M extends AnyStateMachine>(machine: M) {
  return {
    given(history: readonly DomainEventLike[]): Given<M> {
      const snapshot = evolve(machine, history);
      return {
        snapshot,
        when(event) {
          const where = `${event.type} in '${stateString(snapshot)}'`;
          return {
            // biome-ignore lint/suspicious/noThenProperty: given/when/then vocabulary; never awaited
            then(state, check) {
              assert.ok(accepts(snapshot, event), `expected ${where} to be accepted`);
              const next = evolve(machine, [event], snapshot);
              assert.equal(stateString(next), state, `state after ${where}`);
              check?.(next);
              return next;
            },
            rejected() {
              assert.equal(accepts(snapshot, event), false, `expected ${where} to be refused`);
              assert.throws(() => evolve(machine, [event], snapshot), HistoryConflictError);
            },
          };
        },
      };
    },
  };
}
