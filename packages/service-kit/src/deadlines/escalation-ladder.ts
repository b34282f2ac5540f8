import {
  ESCALATION_RUNGS,
  type EscalationRaisedData,
  type EscalationRung,
  escalationLadder,
  type RungDue,
  superiorDivisionOf,
} from '@landcase/lifecycle';
import type { AnyMachineSnapshot } from 'xstate';
import {
  type DeadlineDerivation,
  ruleSetOfStream,
  runningDeadlines,
  type StreamEvent,
} from './open-deadlines.ts';

// Which rungs of the escalation ladder a stream owes for one missed deadline. Pure, like
// open-deadlines.ts: the stream, the rule set and the calendar decide; the clock only says which
// of the owed rungs have fallen due. The ladder is dated from the due instant the DeadlineMissed
// recorded, so a later change of the deadline's figures does not move rungs already running.

/** The DeadlineMissed events of a stream, by deadline id. */
export function missedEvents(events: readonly StreamEvent[]): Map<string, StreamEvent> {
  const found = new Map<string, StreamEvent>();
  for (const event of events) {
    if (event.type === 'DeadlineMissed' && typeof event.data.deadlineId === 'string') {
      found.set(event.data.deadlineId, event);
    }
  }
  return found;
}

/** The rungs already raised for each deadline, in the order they were raised. */
export function raisedRungs(events: readonly StreamEvent[]): Map<string, EscalationRung[]> {
  const found = new Map<string, EscalationRung[]>();
  for (const event of events) {
    if (event.type !== 'EscalationRaised') continue;
    const { deadlineId, rung } = event.data as { deadlineId: string; rung: EscalationRung };
    found.set(deadlineId, [...(found.get(deadlineId) ?? []), rung]);
  }
  return found;
}

/**
 * The rung that comes next for a deadline missed at `missed` with `raised` rungs so far; null at the
 * top. `events`, the stream from its start, say which rule set it recorded.
 */
export function nextRungOf(
  missed: StreamEvent,
  raised: number,
  derivation: DeadlineDerivation,
  events?: readonly StreamEvent[],
  snapshot?: AnyMachineSnapshot,
): RungDue | null {
  if (raised >= ESCALATION_RUNGS.length) return null;
  return ladderOf(missed, derivation, snapshot, events)[raised] ?? null;
}

function ladderOf(
  missed: StreamEvent,
  derivation: DeadlineDerivation,
  snapshot?: AnyMachineSnapshot,
  events?: readonly StreamEvent[],
): RungDue[] {
  const dueAt = new Date(String(missed.data.dueAt));
  if (Number.isNaN(dueAt.getTime())) {
    throw new Error(`DeadlineMissed at revision ${missed.revision} has no valid dueAt`);
  }
  return escalationLadder(dueAt, derivation.calendar, ruleSetOfStream(derivation, snapshot, events));
}

/**
 * The EscalationRaised events due at `now` for `deadlineId`: none unless the deadline was missed
 * and the state at the end of the stream still carries it; otherwise every rung after those
 * already raised whose instant has come, in order (several after a scheduler was down). The
 * division is the one the case is in now (the machine's context), reported to its superior.
 */
export function dueRungs(
  events: readonly StreamEvent[],
  snapshot: AnyMachineSnapshot,
  deadlineId: string,
  now: Date,
  derivation: DeadlineDerivation,
): EscalationRaisedData[] {
  const missed = missedEvents(events).get(deadlineId);
  if (!missed) return [];
  if (!runningDeadlines(events, derivation, snapshot).some((d) => d.deadlineId === deadlineId)) return [];
  const raised = raisedRungs(events).get(deadlineId)?.length ?? 0;
  const due = ladderOf(missed, derivation, snapshot, events)
    .slice(raised)
    .filter((rung) => rung.dueAt <= now);
  if (due.length === 0) return [];
  const divisionCode = (snapshot.context as { divisionCode?: unknown }).divisionCode;
  if (typeof divisionCode !== 'string') {
    throw new Error(
      `deadline ${deadlineId}: the ${derivation.machine.id} names no division to escalate from`,
    );
  }
  const escalatedToDivisionCode = superiorDivisionOf(divisionCode);
  return due.map((rung) => ({
    caseId: String(missed.data.caseId),
    deadlineId,
    rung: rung.rung,
    raisedAt: rung.dueAt.toISOString(),
    divisionCode,
    escalatedToDivisionCode,
    rule: rung.rule,
    source: rung.source,
    ...(rung.issuedBy ? { issuedBy: rung.issuedBy } : {}),
    ...(rung.notified ? { notified: rung.notified } : {}),
  }));
}
