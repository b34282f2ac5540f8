import { type BusinessCalendar, loadCalendar } from '@landcase/lifecycle';
import type { Range } from '@landcase/readmodels';
import { Type } from '@sinclair/typebox';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { rulesOf, type ServiceContext } from '../context.ts';
import {
  type DeadlineDerivation,
  type OpenDeadline,
  runningDeadlines,
  type StreamEvent,
} from './open-deadlines.ts';

// The deadline a lifecycle answers to next, in two halves. What the stream says (which deadline of
// the current state falls first, and when) is written on the list documents by the projections and
// derived again on a GET; how near it is (working days left, due soon, overdue) depends on the
// clock, so it is computed when read, never stored.

/** How many working days before its due date a deadline is due soon, unless configured otherwise. */
export const DEFAULT_DUE_SOON_WORKING_DAYS = 2;

/** What a list document carries of its next deadline. */
export interface NextDue {
  /** The earliest due instant among the deadlines the current state carries, missed or not (ISO). */
  nextDueAt: string | null;
  /** Its rule, e.g. `deadline.referral.police-decision`. */
  nextDueRule: string | null;
  /** Its count crossed a provisional calendar year; null when there is no deadline. */
  nextDueProvisional: boolean | null;
}

/** The field the lists sort on by due date: `nextDueAt`, or for none a value after every instant. */
export const DUE_ORDER_FIELD = '_dueOrder';
/** After every ISO instant (they start with a digit), so undated documents sort last ascending. */
export const NO_DUE_ORDER = '~';

/** The fields a list document carries: {@link NextDue} and the sort key (bookkeeping, never shown). */
export type NextDueFields = NextDue & { [DUE_ORDER_FIELD]: string };

const NONE: NextDue = { nextDueAt: null, nextDueRule: null, nextDueProvisional: null };

/** The first to fall due of `deadlines` (the earlier listed on a tie: the outer state's). */
export function nextDueOf(
  deadlines: readonly Pick<OpenDeadline, 'rule' | 'dueAt' | 'provisional'>[],
): NextDue {
  let first: (typeof deadlines)[number] | undefined;
  for (const deadline of deadlines) {
    if (!first || deadline.dueAt.getTime() < first.dueAt.getTime()) first = deadline;
  }
  return first
    ? { nextDueAt: first.dueAt.toISOString(), nextDueRule: first.rule, nextDueProvisional: first.provisional }
    : { ...NONE };
}

/** The next deadline of a stream (`snapshot`: the fold of `events`, when the caller has it). */
export function nextDueOfStream(
  events: readonly StreamEvent[],
  derivation: DeadlineDerivation,
  snapshot?: AnyMachineSnapshot,
): NextDue {
  return nextDueOf(runningDeadlines(events, derivation, snapshot));
}

/** What a projection writes on a list document: the next deadline and its sort key. */
export function nextDueFields(
  events: readonly StreamEvent[],
  derivation: DeadlineDerivation,
  snapshot?: AnyMachineSnapshot,
): NextDueFields {
  const next = nextDueOfStream(events, derivation, snapshot);
  return { ...next, [DUE_ORDER_FIELD]: dueOrderOf(next.nextDueAt) };
}

/**
 * The sort key of a due instant: the ISO string itself, which sorts as the instants do for years
 * 0000-9999; one past 9999 (`+010000-...`, whose `+` would sort first) after all of those, and
 * none after every instant.
 */
export function dueOrderOf(nextDueAt: string | null): string {
  if (nextDueAt === null) return NO_DUE_ORDER;
  return nextDueAt.startsWith('+') ? `z${nextDueAt}` : nextDueAt;
}

/**
 * What a projection writes on a list document of `machine`'s aggregate, dated by the context's
 * calendar. A stream whose deadlines cannot be dated (an event without its instant) gets none and
 * a warning, rather than no list document at all; the scheduler reports it too.
 */
export function listDueFields(
  ctx: Pick<ServiceContext, 'calendar' | 'log' | 'rules'>,
  machine: AnyStateMachine,
  events: readonly StreamEvent[],
  snapshot?: AnyMachineSnapshot,
): NextDueFields {
  try {
    return nextDueFields(events, { machine, calendar: readCalendar(ctx), rules: rulesOf(ctx) }, snapshot);
  } catch (error) {
    ctx.log.warn(
      { err: error, machine: machine.id, revision: events.at(-1)?.revision },
      'the deadlines of this stream cannot be dated: its list document shows none',
    );
    return { ...NONE, [DUE_ORDER_FIELD]: dueOrderOf(null) };
  }
}

/** How near the next deadline is, as a read shows it. */
export interface Due {
  /** The due instant (ISO). */
  at: string;
  rule: string;
  /** Working days from now to `at` (China dates, as deadlines count); 0 or less once it passed. */
  workingDaysLeft: number;
  /** Not overdue, and at most the configured number of working days left. */
  soon: boolean;
  /** `at` has passed. */
  overdue: boolean;
  provisional: boolean;
}

/** What a read needs to date a deadline: the instant of the read, the calendar, the threshold. */
export interface DueReading {
  now: Date;
  calendar: BusinessCalendar;
  /** Due soon at this many working days left or fewer. */
  soonWorkingDays: number;
}

/**
 * The next deadline as seen at `reading.now`; null when there is none. `next` is a list document
 * or {@link NextDue}: what is not a due instant and a rule reads as none.
 */
export function dueOf(document: object | null | undefined, reading: DueReading): Due | null {
  const next = document as { readonly [K in keyof NextDue]?: unknown } | null | undefined;
  if (!next || typeof next.nextDueAt !== 'string' || typeof next.nextDueRule !== 'string') return null;
  const at = new Date(next.nextDueAt);
  if (Number.isNaN(at.getTime())) return null;
  const overdue = reading.now.getTime() > at.getTime();
  // Past due, `at` lies on today's China date or an earlier one: 0 or fewer.
  const counted = workingDaysLeftOf(reading, at);
  return {
    at: at.toISOString(),
    rule: next.nextDueRule,
    workingDaysLeft: counted.days,
    soon: !overdue && counted.days <= reading.soonWorkingDays,
    overdue,
    provisional: next.nextDueProvisional === true || counted.provisional,
  };
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
/** Monday to Friday among the seven days from 1970-01-01, a Thursday. */
const WEEKDAY_FROM_EPOCH = [1, 1, 0, 0, 1, 1, 1] as const;

/** Monday to Friday among the China days 0..n (days since 1970-01-01). */
function weekdaysThrough(n: number): number {
  const days = n + 1;
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  for (let i = 0; i < days - weeks * 7; i += 1) count += WEEKDAY_FROM_EPOCH[i]!;
  return count;
}

/**
 * The working days from now to `at` by the calendar; for a date it cannot count (a year too far
 * for its statutory holidays, such as an extension to 2100 a schema allows), Monday to Friday only,
 * marked provisional, rather than no answer: a read never fails on a due date.
 */
function workingDaysLeftOf(reading: DueReading, at: Date): { days: number; provisional: boolean } {
  try {
    return { days: reading.calendar.workingDaysBetween(reading.now, at), provisional: false };
  } catch {
    const [from, to] = [reading.now, at].map((d) => Math.floor((d.getTime() + CHINA_OFFSET_MS) / DAY_MS));
    const days = weekdaysThrough(Math.max(from!, to!)) - weekdaysThrough(Math.min(from!, to!));
    return { days: to! >= from! || days === 0 ? days : -days, provisional: true };
  }
}

/**
 * The due instants that are due soon at `reading.now`, as a range on {@link DUE_ORDER_FIELD}: not
 * yet passed, and on a China date with at most `soonWorkingDays` working days after today up to it.
 * The last such date is the one before the (N+1)th working day after today.
 */
export function dueSoonRange(reading: DueReading): Range {
  const nextBeyond = reading.calendar.addDeadline(reading.now, {
    duration: reading.soonWorkingDays + 1,
    unit: 'working_days',
  });
  // The end of the day before: China has no daylight saving, so a day is always 24 hours.
  const last = new Date(nextBeyond.getTime() - 86_400_000);
  return { gte: reading.now.toISOString(), lte: last.toISOString() };
}

let sharedCalendar: BusinessCalendar | undefined;

/** The business calendar reads date deadlines by: the context's, else one shared by the process. */
export function readCalendar(ctx: Pick<ServiceContext, 'calendar'>): BusinessCalendar {
  if (ctx.calendar) return ctx.calendar;
  sharedCalendar ??= loadCalendar();
  return sharedCalendar;
}

/** A read's view of deadlines at the context's clock's now. */
export function dueReading(
  ctx: Pick<ServiceContext, 'clock' | 'calendar' | 'dueSoonWorkingDays'>,
): DueReading {
  return {
    now: ctx.clock.now(),
    calendar: readCalendar(ctx),
    soonWorkingDays: ctx.dueSoonWorkingDays ?? DEFAULT_DUE_SOON_WORKING_DAYS,
  };
}

/**
 * `due` of an aggregate read from its stream (a GET): its next deadline as of the context's clock.
 * A stream whose deadlines cannot be dated reads as having none (listDueFields warns of it).
 */
export function aggregateDue(
  ctx: Pick<ServiceContext, 'clock' | 'calendar' | 'dueSoonWorkingDays' | 'log' | 'rules'>,
  machine: AnyStateMachine,
  events: readonly StreamEvent[],
  snapshot?: AnyMachineSnapshot,
): Due | null {
  return dueOf(listDueFields(ctx, machine, events, snapshot), dueReading(ctx));
}

/**
 * The stream after a command: the events it read (`history`) and those it appended, numbered on
 * from them, dated by their metadata time (the instant the store records is not known yet), so
 * that a command's reply can carry the `due` a read of the stream would show.
 */
export function streamAfter(
  history: readonly StreamEvent[],
  appended: readonly Pick<StreamEvent, 'id' | 'type' | 'data' | 'metadata'>[],
): StreamEvent[] {
  const next = (history.at(-1)?.revision ?? -1) + 1;
  return [
    ...history,
    ...appended.map((event, i) => ({
      ...event,
      revision: next + i,
      recordedAt: typeof event.metadata.time === 'string' ? event.metadata.time : '',
    })),
  ];
}

/** `due` in a response: the next deadline and how near it is, or null. */
export const DueSchema = Type.Union(
  [
    Type.Object(
      {
        // No `format`: an instant past 9999 (a date a command's schema allows, in another offset)
        // is written with an expanded year, which RFC 3339 does not know, and must still be sent.
        at: Type.String({ description: 'When the deadline falls due, an ISO 8601 instant in UTC' }),
        rule: Type.String({ description: 'The rule that sets it, e.g. deadline.referral.police-decision' }),
        workingDaysLeft: Type.Integer({
          description: 'Working days from now to `at` by the business calendar; 0 or less once it has passed',
        }),
        soon: Type.Boolean({
          description: 'Not overdue and at most LANDCASE_DUE_SOON_WORKING_DAYS (default 2) working days left',
        }),
        overdue: Type.Boolean({ description: '`at` has passed' }),
        provisional: Type.Boolean({
          description: 'The count crossed a calendar year whose holidays are not yet official',
        }),
      },
      { additionalProperties: false },
    ),
    Type.Null(),
  ],
  {
    description:
      'The earliest deadline of the state it is in, missed or not, as of this read; null when none runs',
  },
);

/** The list document's next-deadline fields as a response shows them. */
export const NextDueSchemaFields = {
  nextDueAt: Type.Union([Type.String({ description: 'an ISO 8601 instant in UTC' }), Type.Null()], {
    description: 'The earliest due instant of the state it is in, missed or not',
  }),
  nextDueRule: Type.Union([Type.String(), Type.Null()], { description: 'The rule of that deadline' }),
  nextDueProvisional: Type.Union([Type.Boolean(), Type.Null()], {
    description: 'Whether that due date may move once a calendar year is official',
  }),
};
