import type { RecordedEvent } from '@landcase/eventstore';
import {
  type ActiveDeadline,
  activeDeadlines,
  type BusinessCalendar,
  type DeadlinePause,
  evolve,
  initialOf,
  RULE_SET,
  type RuleBook,
  type RuleSet,
} from '@landcase/lifecycle';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { keptHistory, pauseEventTypes } from '../fold-history.ts';

// Which statutory deadlines of one stream are running and not yet recorded as missed. Pure: the
// stream's events, the machine (whose state meta declares the deadlines), the rule set (the
// figures) and the business calendar (the due instants) decide it; the clock plays no part.

/** What a stored event must offer to be folded and dated. */
export type StreamEvent = Pick<
  RecordedEvent,
  'id' | 'type' | 'data' | 'metadata' | 'revision' | 'recordedAt'
>;

export interface OpenDeadline {
  /** `<rule>@<revision of the event that started it>`: the same in every run, on every instance. */
  deadlineId: string;
  /** The state that carries it, as stateString() writes states. */
  state: string;
  rule: string;
  source: string;
  startedAt: Date;
  dueAt: Date;
  /**
   * The count crossed a year whose holidays are provisional (statutory days only, or computed for
   * want of its file): the official due date may differ once the year's notice is out.
   */
  provisional: boolean;
  /** The event that started the count: its revision in the stream and its id. */
  startRevision: number;
  startEventId: string;
}

export interface DeadlineDerivation {
  machine: AnyStateMachine;
  calendar: BusinessCalendar;
  /** The figures for every stream; default the one each stream recorded, read from `rules`. */
  ruleSet?: RuleSet;
  /**
   * The rule sets a stream may have recorded (`ruleSetVersion` in its machine's context or its first
   * event's data): a case keeps the figures it opened under for life. Default the base alone.
   */
  rules?: RuleBook;
}

/**
 * The rule set that dates a stream's deadlines: the derivation's own, else the version the stream
 * recorded (the folded context's `ruleSetVersion`, else its first event's), else the base.
 */
export function ruleSetOfStream(
  derivation: Pick<DeadlineDerivation, 'ruleSet' | 'rules'>,
  snapshot?: AnyMachineSnapshot,
  events?: readonly StreamEvent[],
): RuleSet {
  if (derivation.ruleSet) return derivation.ruleSet;
  if (!derivation.rules) return RULE_SET;
  const inContext = (snapshot?.context as { ruleSetVersion?: unknown } | undefined)?.ruleSetVersion;
  const first = events?.[0];
  const inFirst = first?.revision === 0 ? first.data.ruleSetVersion : undefined;
  const version =
    typeof inContext === 'string' ? inContext : typeof inFirst === 'string' ? inFirst : undefined;
  return derivation.rules.byVersion(version);
}

const deadlineIdOf = (rule: string, startRevision: number): string => `${rule}@${startRevision}`;

/** The deadline ids a stream has already recorded as missed. */
function missedDeadlineIds(events: readonly StreamEvent[]): Set<string> {
  const ids = new Set<string>();
  for (const event of events) {
    if (event.type === 'DeadlineMissed' && typeof event.data.deadlineId === 'string') {
      ids.add(event.data.deadlineId);
    }
  }
  return ids;
}

/**
 * The deadlines running at the end of `events` that have no DeadlineMissed yet, outermost state
 * first. `snapshot`, when the caller has already folded the events, saves folding them again.
 * A year without calendar data is counted as the calendar's fallback says (see BusinessCalendar).
 */
export function openDeadlines(
  events: readonly StreamEvent[],
  derivation: DeadlineDerivation,
  snapshot?: AnyMachineSnapshot,
): OpenDeadline[] {
  const missed = missedDeadlineIds(events);
  return runningDeadlines(events, derivation, snapshot).filter((d) => !missed.has(d.deadlineId));
}

/**
 * The deadlines the state at the end of `events` carries, missed or not: a missed one stays here
 * until the case leaves the states that carry it, which is what its escalation ladder climbs on.
 */
export function runningDeadlines(
  events: readonly StreamEvent[],
  derivation: DeadlineDerivation,
  snapshot?: AnyMachineSnapshot,
): OpenDeadline[] {
  if (events.length === 0) return [];
  const folded =
    snapshot ??
    evolve(
      derivation.machine,
      events.map(({ type, data }) => ({ type, data })),
    );
  return running(events, events.length - 1, folded, derivation);
}

export interface StreamDeadline extends OpenDeadline {
  /** The state at the end of the stream carries it (missed or not). */
  running: boolean;
  /** Still running and not recorded as missed. */
  open: boolean;
  /** A DeadlineMissed names it. */
  missed: boolean;
}

/**
 * Every deadline the stream has run, whatever became of it: open, missed (and perhaps still
 * running), or closed by leaving its state. `state` is the last state that carried it. The same events always give the same list, so a
 * read model rebuilt from scratch holds what one kept up event by event holds.
 */
export function streamDeadlines(
  events: readonly StreamEvent[],
  derivation: DeadlineDerivation,
): StreamDeadline[] {
  const kept = deadlineHistoryTypes(derivation.machine);
  return deadlinesOfFold(
    events.reduce(
      (fold, event) => evolveDeadlines(fold, event, derivation, kept),
      initialDeadlinesFold(derivation),
    ),
  );
}

/**
 * A stream's deadlines folded one event at a time (what the deadline index keeps per stream): the
 * machine's state, the stream's kept history (keptHistory) and every deadline it has run so far.
 */
export interface DeadlinesFold {
  snapshot: AnyMachineSnapshot;
  history: StreamEvent[];
  /** Every deadline run so far, by id (`running`, `open` and `missed` are set by deadlinesOfFold). */
  found: Map<string, StreamDeadline>;
  /** The ids the state at the end carries. */
  current: Set<string>;
}

/** The event types a deadline history keeps every one of: misses, rungs raised and pauses. */
export function deadlineHistoryTypes(machine: AnyStateMachine): Set<string> {
  return new Set(['DeadlineMissed', 'EscalationRaised', ...pauseEventTypes(machine)]);
}

export function initialDeadlinesFold(derivation: DeadlineDerivation): DeadlinesFold {
  return { snapshot: initialOf(derivation.machine), history: [], found: new Map(), current: new Set() };
}

/** One event applied to a stream's deadlines; `fold` is left as it was. */
export function evolveDeadlines(
  fold: DeadlinesFold,
  event: StreamEvent,
  derivation: DeadlineDerivation,
  kept: ReadonlySet<string> = deadlineHistoryTypes(derivation.machine),
): DeadlinesFold {
  const snapshot = evolve(derivation.machine, [{ type: event.type, data: event.data }], fold.snapshot);
  const history = keptHistory(fold.history, event, kept);
  const found = new Map(fold.found);
  const current = new Set<string>();
  for (const deadline of running(history, history.length - 1, snapshot, derivation, found)) {
    current.add(deadline.deadlineId);
    const known = found.get(deadline.deadlineId);
    // A count that stood still is due later than first dated.
    found.set(
      deadline.deadlineId,
      known
        ? { ...known, state: deadline.state, dueAt: deadline.dueAt, provisional: deadline.provisional }
        : { ...deadline, running: false, open: false, missed: false },
    );
  }
  return { snapshot, history, found, current };
}

/** The deadlines of a fold, each marked running, open and missed as the end of its stream has them. */
export function deadlinesOfFold(fold: DeadlinesFold): StreamDeadline[] {
  const missed = missedDeadlineIds(fold.history);
  return [...fold.found.values()].map((d) => ({
    ...d,
    missed: missed.has(d.deadlineId),
    running: fold.current.has(d.deadlineId),
    open: fold.current.has(d.deadlineId) && !missed.has(d.deadlineId),
  }));
}

/** The deadlines `snapshot` (the fold of events[0..at]) carries; dates of `known` ones are reused. */
function running(
  events: readonly StreamEvent[],
  at: number,
  snapshot: AnyMachineSnapshot,
  derivation: DeadlineDerivation,
  known?: ReadonlyMap<string, OpenDeadline>,
): OpenDeadline[] {
  return activeDeadlines(snapshot, ruleSetOfStream(derivation, snapshot, events)).map((deadline) => {
    const start = startingEvent(events, at, deadline);
    const deadlineId = deadlineIdOf(deadline.rule, start.revision);
    // A count that can stand still is dated again each time: a pause may have ended since.
    const dated = deadline.pauses ? undefined : known?.get(deadlineId);
    const startedAt = dated?.startedAt ?? startTimeOf(start, deadline);
    const counted = dated?.dueAt ?? dueAtOf(derivation.calendar, startedAt, deadline);
    const dueAt = deadline.pauses
      ? new Date(counted.getTime() + pausedMs(events, start.revision, at, deadline.pauses))
      : counted;
    return {
      deadlineId,
      state: deadline.state,
      rule: deadline.rule,
      source: deadline.source,
      startedAt,
      dueAt,
      provisional:
        dated?.provisional ??
        (countsOnHolidays(deadline) && derivation.calendar.isProvisional(startedAt, dueAt)),
      startRevision: start.revision,
      startEventId: start.id,
    };
  });
}

/**
 * How long the count stood still between the event that started it and `events[at]`: each `on`
 * event to the `resumesOn` after it (a pause not yet over counts up to nothing: the state that
 * waits carries no deadline, so the count is not running to be dated).
 */
function pausedMs(
  events: readonly StreamEvent[],
  startRevision: number,
  at: number,
  pause: DeadlinePause,
): number {
  let total = 0;
  let pausedAt: Date | null = null;
  for (let i = 0; i <= at; i += 1) {
    const event = events[i]!;
    if (event.revision <= startRevision) continue;
    if (event.type === pause.on && pausedAt === null) pausedAt = instantOf(event, pause.onField);
    else if (event.type === pause.resumesOn && pausedAt !== null) {
      total += Math.max(0, instantOf(event, pause.resumesField).getTime() - pausedAt.getTime());
      pausedAt = null;
    }
  }
  return total;
}

/** The instant in the event's data field, else when it happened, else when it was stored. */
function instantOf(event: StreamEvent, field?: string): Date {
  const value =
    field !== undefined && typeof event.data[field] === 'string'
      ? event.data[field]
      : typeof event.metadata.time === 'string'
        ? event.metadata.time
        : event.recordedAt;
  return new Date(value as string);
}

/** The latest event of the deadline's `startsOn` type up to `at`: the one that entered its state. */
function startingEvent(events: readonly StreamEvent[], at: number, deadline: ActiveDeadline): StreamEvent {
  for (let i = at; i >= 0; i -= 1) {
    if (events[i]!.type === deadline.startsOn) return events[i]!;
  }
  throw new Error(
    `deadline ${deadline.rule} in '${deadline.state}' starts on ${deadline.startsOn}, which the stream lacks`,
  );
}

/** The `from` field of the event's data, else when it happened (metadata time), else when stored. */
function startTimeOf(event: StreamEvent, deadline: ActiveDeadline): Date {
  const [value, where] = deadline.from
    ? [event.data[deadline.from], `data.${deadline.from}`]
    : typeof event.metadata.time === 'string'
      ? [event.metadata.time, 'metadata.time']
      : [event.recordedAt, 'recordedAt'];
  const instant = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(instant.getTime())) {
    throw new Error(
      `deadline ${deadline.rule}: ${event.type} at revision ${event.revision} has no instant in ${where}`,
    );
  }
  return instant;
}

/** Whether the due instant depends on which days are holidays (hours and year ends do not). */
const countsOnHolidays = (deadline: ActiveDeadline): boolean =>
  deadline.duration !== 0 && deadline.unit !== 'hours' && deadline.unit !== 'year_end';

/** A duration of 0 means the event itself names the instant (complyBy, dueBy). */
function dueAtOf(calendar: BusinessCalendar, startedAt: Date, deadline: ActiveDeadline): Date {
  if (deadline.duration === 0) return startedAt;
  return calendar.addDeadline(startedAt, { duration: deadline.duration, unit: deadline.unit });
}
