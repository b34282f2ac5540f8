import type { AnyMachineSnapshot } from 'xstate';
import type { DeadlineMissedData } from './events.ts';
import { type DeadlineUnit, isDeadlineUnit, RULE_SET, type RuleSet, ruleOf } from './rules.ts';

// Statutory deadlines live in the machines' state `meta`, so the state that carries a deadline says
// so itself; a service's scheduler reads them (activeDeadlines) and appends DeadlineMissed.

export interface DeadlineSpec {
  /** Rule id in the rule set; duration, unit and source come from it. */
  rule: string;
  duration: number;
  unit: DeadlineUnit;
  /** The event whose time starts the count. */
  startsOn: string;
  /** Field of that event's data holding the start time; absent: when the event was recorded. */
  from?: string;
  /** Applies only when each named context field holds one of the values (e.g. `{ to: ['psb'] }`). */
  when?: Readonly<Record<string, readonly (string | boolean)[]>>;
  /**
   * Stop-the-clock: the count stands still from each `on` event to the `resumesOn` event after it
   * (the times in their data fields `onField` / `resumesField`, else when they happened); the due
   * instant moves on by the time it stood still.
   */
  pauses?: DeadlinePause;
  source: string;
}

export interface DeadlinePause {
  on: string;
  onField?: string;
  resumesOn: string;
  resumesField?: string;
}

export interface StateMeta {
  /** Several when a state runs more than one clock (a due date and the year's end). */
  deadline?: DeadlineSpec | readonly DeadlineSpec[];
}

/** The deadlines a state's meta declares, as a list. */
export function stateDeadlines(meta: StateMeta | undefined): readonly DeadlineSpec[] {
  const declared = meta?.deadline;
  if (!declared) return [];
  return Array.isArray(declared) ? declared : [declared as DeadlineSpec];
}

/** A deadline spec built from the base rule set (the figures a machine shows by default). */
export function deadline(
  rule: string,
  startsOn: string,
  options: { from?: string; when?: DeadlineSpec['when']; pauses?: DeadlinePause } = {},
): DeadlineSpec {
  const entry = ruleOf(RULE_SET, rule);
  if (typeof entry.value !== 'number' || !isDeadlineUnit(entry.unit)) {
    throw new Error(`rule '${rule}' is not a deadline`);
  }
  return { rule, duration: entry.value, unit: entry.unit, startsOn, ...options, source: entry.source };
}

export interface ActiveDeadline extends DeadlineSpec {
  /** Dotted path of the state that carries it, as stateString() writes states. */
  state: string;
}

/**
 * The deadlines running in this snapshot, outermost state first, with duration, unit and source
 * taken from `ruleSet` (a province's override changes them without changing the machine).
 */
export function activeDeadlines(snapshot: AnyMachineSnapshot, ruleSet: RuleSet = RULE_SET): ActiveDeadline[] {
  if (snapshot.status !== 'active') return [];
  const context = snapshot.context as Record<string, unknown>;
  const found: ActiveDeadline[] = [];
  for (const [id, meta] of Object.entries(snapshot.getMeta() as Record<string, StateMeta | undefined>)) {
    for (const spec of stateDeadlines(meta)) {
      if (!appliesTo(spec, context)) continue;
      const entry = ruleOf(ruleSet, spec.rule);
      if (typeof entry.value !== 'number' || !isDeadlineUnit(entry.unit)) {
        throw new Error(`rule set ${ruleSet.version}: rule '${spec.rule}' is not a deadline`);
      }
      found.push({
        ...spec,
        duration: entry.value,
        unit: entry.unit,
        source: entry.source,
        state: id.split('.').slice(1).join('.'),
      });
    }
  }
  return found;
}

/** Whether a spec's `when` holds for this context (always, without one). */
export function appliesTo(spec: Pick<DeadlineSpec, 'when'>, context: object): boolean {
  return Object.entries(spec.when ?? {}).every(([field, values]) =>
    values.includes((context as Record<string, unknown>)[field] as string | boolean),
  );
}

/** Missed deadlines recorded in a machine's context. */
export type MissedDeadline = Omit<DeadlineMissedData, 'caseId'>;

export function recordMissed(missed: readonly MissedDeadline[], data: DeadlineMissedData): MissedDeadline[] {
  const { caseId: _caseId, ...deadlineMissed } = data;
  return [...missed, deadlineMissed];
}

/** A scheduler appends each deadline once; a second DeadlineMissed for it is refused. */
export function notYetMissed(missed: readonly MissedDeadline[], data: DeadlineMissedData): boolean {
  return !missed.some((m) => m.deadlineId === data.deadlineId);
}
