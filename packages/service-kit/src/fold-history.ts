import { stateDeadlines } from '@landcase/lifecycle';
import type { AnyMachineSnapshot, AnyStateMachine, SnapshotFrom } from 'xstate';
import type { StreamEvent } from './deadlines/open-deadlines.ts';

// What a fold kept in a read model holds so that the next event continues it: the machine's state
// as xstate resolves it again, and the few earlier events the deadlines are dated by.

/** The machine's part of a fold, as xstate can resolve it again. */
export interface KeptMachine {
  value: unknown;
  context: unknown;
  status: string;
  historyValue?: unknown;
}

/**
 * The event types a machine's deadlines are paused and resumed by: every one of them after the
 * start of a count moves its due instant, so the history keeps them all.
 */
export function pauseEventTypes(machine: AnyStateMachine): Set<string> {
  const types = new Set<string>();
  const visit = (node: { meta?: unknown; states?: Record<string, unknown> }): void => {
    for (const spec of stateDeadlines(node.meta as Parameters<typeof stateDeadlines>[0])) {
      if (spec.pauses) types.add(spec.pauses.on).add(spec.pauses.resumesOn);
    }
    for (const child of Object.values(node.states ?? {})) visit(child as typeof node);
  };
  visit(machine.root as unknown as { meta?: unknown; states?: Record<string, unknown> });
  return types;
}

/**
 * The history after `event`: the first event (who reported it), the latest of each type (the
 * event that started each deadline's count is the latest of its type) and every event of the
 * `kept` types (DeadlineMissed, pauses), in stream order. Its size follows the kinds of events,
 * not their number.
 */
export function keptHistory(
  history: readonly StreamEvent[],
  event: StreamEvent,
  kept: ReadonlySet<string>,
): StreamEvent[] {
  const next = history.filter((e, i) => i === 0 || kept.has(e.type) || e.type !== event.type);
  next.push(storedShape(event));
  return next;
}

export const storedShape = ({
  id,
  type,
  data,
  metadata,
  revision,
  recordedAt,
}: StreamEvent): StreamEvent => ({
  id,
  type,
  data,
  metadata,
  revision,
  recordedAt,
});

export function keptMachine(snapshot: AnyMachineSnapshot): KeptMachine {
  const { value, context, status, historyValue } = snapshot;
  return { value, context, status, ...(historyValue ? { historyValue } : {}) };
}

export function restoredMachine<M extends AnyStateMachine>(machine: M, kept: KeptMachine): SnapshotFrom<M> {
  return (machine.resolveState as (config: unknown) => AnyMachineSnapshot)(kept) as SnapshotFrom<M>;
}
