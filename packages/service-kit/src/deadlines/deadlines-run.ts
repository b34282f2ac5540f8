import { Type } from '@sinclair/typebox';
import type { AnyStateMachine } from 'xstate';
import { rulesOf, type ServiceContext } from '../context.ts';
import { readCalendar } from './due.ts';
import { type StreamEvent, streamDeadlines } from './open-deadlines.ts';

// Every deadline a stream has run, for a read that shows its clock (a referral's Order 310
// periods): when each started and fell or falls due, and whether it was met, missed or still runs.

export interface DeadlineRun {
  rule: string;
  /** The last state that carried it. */
  state: string;
  startedAt: string;
  dueAt: string;
  /** The current state still carries it. */
  running: boolean;
  /** A DeadlineMissed names it. */
  missed: boolean;
  provisional: boolean;
}

/** The deadlines of `events`, in the order they started; [] for a stream whose deadlines cannot be dated. */
export function deadlinesRun(
  ctx: Pick<ServiceContext, 'calendar' | 'log' | 'rules'>,
  machine: AnyStateMachine,
  events: readonly StreamEvent[],
): DeadlineRun[] {
  try {
    return streamDeadlines(events, { machine, calendar: readCalendar(ctx), rules: rulesOf(ctx) })
      .sort((a, b) => a.startRevision - b.startRevision || a.dueAt.getTime() - b.dueAt.getTime())
      .map((d) => ({
        rule: d.rule,
        state: d.state,
        startedAt: d.startedAt.toISOString(),
        dueAt: d.dueAt.toISOString(),
        running: d.running,
        missed: d.missed,
        provisional: d.provisional,
      }));
  } catch (error) {
    ctx.log.warn({ err: error, machine: machine.id }, 'the deadlines of this stream cannot be dated');
    return [];
  }
}

/** `deadlines` in a response. */
export const DeadlinesRunSchema = Type.Array(
  Type.Object(
    {
      rule: Type.String({ description: 'e.g. deadline.referral.decide' }),
      state: Type.String({ description: 'The last state that carried it' }),
      startedAt: Type.String({ description: 'When its count started, an ISO 8601 instant in UTC' }),
      dueAt: Type.String({ description: 'When it falls or fell due, an ISO 8601 instant in UTC' }),
      running: Type.Boolean({ description: 'The current state still carries it' }),
      missed: Type.Boolean({ description: 'A DeadlineMissed was recorded for it' }),
      provisional: Type.Boolean({
        description: 'The count crossed a year whose holidays are not yet official',
      }),
    },
    { additionalProperties: false },
  ),
  { description: 'Every deadline the stream has run, in the order they started: met, missed or running' },
);
