import { LIFECYCLE_MACHINES, type StateTableMachines } from '@landcase/lifecycle';
import type { AnyStateMachine } from 'xstate';

// Which aggregate an event belongs to, read off the lifecycle machines themselves rather than kept
// as another list: an event type that one machine alone takes names that machine's aggregate (a
// HistoricalBatchOpened is a batch's, an AssessmentRecorded a division assessment's, whatever the
// `caseId` it carries). The schedulers' events (DeadlineMissed, EscalationRaised), which several
// machines take, name none: they belong to the aggregate whose other events share their stream.

export interface Aggregate {
  /** The machine's name in the lifecycle's table (`clue`, `historicalBatch`, …). */
  name: string;
  machine: AnyStateMachine;
}

export interface AggregateTable {
  /** Event type → the one aggregate whose machine takes it. */
  owned: ReadonlyMap<string, Aggregate>;
  /** Event types several machines take. */
  shared: ReadonlySet<string>;
}

function aggregateTableOf(machines: StateTableMachines): AggregateTable {
  const takers = new Map<string, Aggregate[]>();
  for (const [name, machine] of Object.entries(machines)) {
    for (const event of machine.root.events) {
      if (typeof event !== 'string' || event === '*') continue;
      takers.set(event, [...(takers.get(event) ?? []), { name, machine }]);
    }
  }
  const owned = new Map<string, Aggregate>();
  const shared = new Set<string>();
  for (const [event, list] of takers) {
    if (list.length === 1) owned.set(event, list[0]!);
    else shared.add(event);
  }
  return { owned, shared };
}

export const AGGREGATES: AggregateTable = aggregateTableOf(LIFECYCLE_MACHINES);

/** The aggregate an event type names by itself, if one machine alone takes it. */
export const aggregateOfEvent = (name: string): Aggregate | undefined => AGGREGATES.owned.get(name);

/** The lifecycle aggregate of that name (a service's fallback when its events name none). */
export function aggregateNamed(name: string): Aggregate {
  const machine = LIFECYCLE_MACHINES[name];
  if (!machine) throw new Error(`no lifecycle machine named '${name}'`);
  return { name, machine };
}
