import { SYSTEM_ACTOR } from '@landcase/contracts';
import {
  type DeadlineSpec,
  type EscalationRung,
  escalationLadder,
  isDeadlineUnit,
  RULE_SET,
  ruleOf,
  type StateMeta,
  stateDeadlines,
} from '@landcase/lifecycle';
import type { AnyStateNode } from 'xstate';
import { type CommandOptions, executeCommand } from '../command.ts';
import { type Running, rulesOf, type ServiceContext } from '../context.ts';
import { IllegalTransition } from '../problems.ts';
import type { RetryPolicy } from '../retry.ts';
import { type CalendarFallbacks, calendarFallbacks } from './calendar-fallback.ts';
import { type DeadlineDoc, DeadlineIndex, type DeadlineIndexOptions } from './deadline-index.ts';
import { DEFAULT_DUE_SOON_WORKING_DAYS, dueSoonRange } from './due.ts';
import { dueRungs } from './escalation-ladder.ts';
import { type DeadlineDerivation, openDeadlines } from './open-deadlines.ts';
import { type SchedulerMetrics, schedulerMetrics } from './scheduler-metrics.ts';

// Appends DeadlineMissed to a stream once one of its deadlines has passed, then climbs the
// escalation ladder (EscalationRaised: reminder, 督办, 挂牌督办, 约谈, 通报) while the case stays in a state
// that carries the missed deadline. Exactly once, however many ticks, instances and restarts: the
// deadline id is derived from the stream, the machine refuses a second DeadlineMissed with the same
// id and any rung but the next one, the append expects the revision it read, and the decision is
// taken on the stream as read in the command (the index only says where to look).

export interface DeadlineSchedulerOptions extends DeadlineIndexOptions {
  /** Time between ticks. Default one minute. */
  intervalMs?: number;
  /** Tick once at start, so a restart catches up at once. Default true. */
  runAtStart?: boolean;
  /**
   * The context field that names the aggregate (`referralId`), copied under the same name onto
   * each DeadlineMissed and EscalationRaised: where a case has several aggregates of the service,
   * whoever reads the case's events can tell which one a deadline belongs to.
   */
  idField?: string;
  /** On a version conflict, how to decide again (default: the kit's policy). */
  retry?: RetryPolicy;
  /** Where the years the calendar computes are reported (log and metric). Default the process's. */
  fallbacks?: CalendarFallbacks;
  /** Where ticks, missed deadlines and the deadlines due soon are counted. Default the process's. */
  metrics?: SchedulerMetrics;
}

export interface MissedReport {
  streamId: string;
  deadlineId: string;
  dueAt: string;
}

export interface EscalationReport {
  streamId: string;
  deadlineId: string;
  rung: EscalationRung;
  raisedAt: string;
}

export interface TickReport {
  /** Events read into the index. */
  indexed: number;
  /** Open deadlines whose due instant had come. */
  due: number;
  /** DeadlineMissed events this tick appended. */
  missed: MissedReport[];
  /** Missed deadlines whose next rung had come. */
  escalationsDue: number;
  /** EscalationRaised events this tick appended, in order. */
  escalated: EscalationReport[];
  /** Appends that failed with something else than "already done"; retried next tick. */
  failed: number;
  /** Open deadlines not yet passed and due within the due-soon window, after this tick. */
  dueSoon: number;
}

export interface DeadlineScheduler extends Running {
  /**
   * Catches the index up, then appends DeadlineMissed for what is due at `ctx.clock.now()`, then
   * the escalation rungs that are due (a deadline missed in this tick gets its reminder at once).
   */
  tick(): Promise<TickReport>;
  readonly index: DeadlineIndex;
}

/**
 * Starts a service's scheduler for one aggregate. Computes at once the calendar years that the
 * deadlines which could start now, with their ladders, reach: a year without its file is then
 * reported (a warning, `landcase_calendar_fallback_years`) before any deadline depends on it, and
 * counted on its computed statutory days. Rejects only with a calendar that has no fallback.
 */
export async function startDeadlineScheduler(
  ctx: ServiceContext,
  given: DeadlineSchedulerOptions,
): Promise<DeadlineScheduler> {
  // Each stream's deadlines are dated by the rule set it recorded, among the context's.
  const options: DeadlineSchedulerOptions = { rules: rulesOf(ctx), ...given };
  const log = ctx.log.child({ scheduler: `deadlines:${options.aggregate}` });
  const unwatch = (options.fallbacks ?? calendarFallbacks).watch(options.calendar, log);
  try {
    assertCalendarCovers(options, ctx.clock.now());
  } catch (error) {
    unwatch();
    throw error;
  }
  const index = new DeadlineIndex(ctx, options);
  await index.ensureIndexes();
  const batchSize = options.batchSize ?? 500;
  const metrics = options.metrics ?? schedulerMetrics;

  /** Runs the command on the doc's stream; the events appended, [] when nothing was left to do. */
  async function append(
    doc: DeadlineDoc,
    causationId: string,
    decide: CommandOptions<typeof options.machine>['decide'],
  ): Promise<Record<string, unknown>[]> {
    try {
      // Another writer in between (a user, another instance): decided again on the fresh stream.
      const result = await executeCommand(ctx, {
        streamId: doc.streamId,
        caseId: doc.caseId,
        machine: options.machine,
        actor: SYSTEM_ACTOR(ctx.service),
        causationId,
        decide,
        retry: options.retry ?? true,
      });
      return result.events.map((e) => e.data);
    } catch (error) {
      // The case moved on: nothing is left to do. A conflict that outlasted the retries is a
      // failure of this tick, and the next one decides again.
      if (error instanceof IllegalTransition) return [];
      throw error;
    }
  }

  /** `{ [idField]: id }` from the folded aggregate; nothing without an idField. */
  const aggregateIdOf = (snapshot: { context: unknown }): Record<string, string> => {
    if (!options.idField) return {};
    const id = (snapshot.context as Record<string, unknown>)[options.idField];
    if (typeof id !== 'string') {
      throw new Error(`the ${options.machine.id}'s context names no ${options.idField}`);
    }
    return { [options.idField]: id };
  };

  /** The rule of the DeadlineMissed appended; null when there was nothing to record. */
  async function fire(doc: DeadlineDoc, now: Date): Promise<string | null> {
    // The stream decides, not the index: it may lag behind a state already left.
    const appended = await append(doc, doc.startEventId, (snapshot, events) => {
      const current = openDeadlines(events, options, snapshot).find((d) => d.deadlineId === doc.deadlineId);
      if (!current || current.dueAt > now) return [];
      return [
        {
          type: 'DeadlineMissed',
          data: {
            caseId: doc.caseId,
            ...aggregateIdOf(snapshot),
            deadlineId: current.deadlineId,
            state: current.state,
            dueAt: current.dueAt.toISOString(),
            rule: current.rule,
            source: current.source,
          },
        },
      ];
    });
    const rule = appended[0]?.rule;
    return appended.length > 0 ? (typeof rule === 'string' ? rule : 'unknown') : null;
  }

  /** Appends every rung of the doc's deadline that is due at `now`, in order, in one append. */
  async function escalate(doc: DeadlineDoc, now: Date): Promise<EscalationReport[]> {
    const appended = await append(doc, doc.missedEventId ?? doc.startEventId, (snapshot, events) =>
      dueRungs(events, snapshot, doc.deadlineId, now, options).map((data) => ({
        type: 'EscalationRaised',
        data: { ...data, ...aggregateIdOf(snapshot) },
      })),
    );
    return appended.map((data) => ({
      streamId: doc.streamId,
      deadlineId: doc.deadlineId,
      rung: data.rung as EscalationRung,
      raisedAt: data.raisedAt as string,
    }));
  }

  async function runTick(): Promise<TickReport> {
    const report: TickReport = {
      indexed: await index.catchUp(),
      due: 0,
      missed: [],
      escalationsDue: 0,
      escalated: [],
      failed: 0,
      dueSoon: 0,
    };
    const now = ctx.clock.now();
    const nowIso = now.toISOString();
    // Nothing is closed while the tick runs (the index catches up only after), so skip pages stably.
    for (let skip = 0; ; skip += batchSize) {
      const page = await index.open({ limit: batchSize, skip });
      const due = page.filter((doc) => doc.dueAt <= nowIso);
      for (const doc of due) {
        report.due += 1;
        try {
          const rule = await fire(doc, now);
          if (rule !== null) {
            metrics.missed.inc({ service: ctx.service, rule });
            report.missed.push({ streamId: doc.streamId, deadlineId: doc.deadlineId, dueAt: doc.dueAt });
            log.info(
              { streamId: doc.streamId, caseId: doc.caseId, deadlineId: doc.deadlineId, dueAt: doc.dueAt },
              'deadline missed',
            );
          }
        } catch (error) {
          report.failed += 1;
          log.error(
            { err: error, streamId: doc.streamId, deadlineId: doc.deadlineId },
            'deadline not recorded',
          );
        }
      }
      if (due.length < page.length || page.length < batchSize) break;
    }
    if (report.missed.length > 0) report.indexed += await index.catchUp();

    // Every due rung of a deadline goes in one append, so one pass raises all that are due.
    for (let skip = 0; ; skip += batchSize) {
      const page = await index.escalating({ limit: batchSize, skip });
      const due = page.filter((doc) => doc.nextRungAt !== null && doc.nextRungAt <= nowIso);
      for (const doc of due) {
        report.escalationsDue += 1;
        try {
          const raised = await escalate(doc, now);
          report.escalated.push(...raised);
          for (const rung of raised) {
            log.info({ caseId: doc.caseId, ...rung }, 'escalation raised');
          }
        } catch (error) {
          report.failed += 1;
          log.error(
            { err: error, streamId: doc.streamId, deadlineId: doc.deadlineId, rung: doc.nextRung },
            'escalation not recorded',
          );
        }
      }
      if (due.length < page.length || page.length < batchSize) break;
    }
    if (report.escalated.length > 0) report.indexed += await index.catchUp();
    report.dueSoon = await index.countOpenDue(
      dueSoonRange({
        now,
        calendar: options.calendar,
        soonWorkingDays: ctx.dueSoonWorkingDays ?? DEFAULT_DUE_SOON_WORKING_DAYS,
      }),
    );
    metrics.dueCounted(ctx.service, options.aggregate, report.dueSoon);
    return report;
  }

  // Ticks run one after another: the timer skips a beat while one runs; tick() waits its turn.
  let last: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = (): Promise<TickReport> => {
    const next = last.then(async () => {
      busy = true;
      const started = ctx.clock.now().getTime();
      try {
        return await runTick();
      } finally {
        busy = false;
        metrics.tickDuration.observe(
          { service: ctx.service },
          Math.max(0, ctx.clock.now().getTime() - started) / 1000,
        );
      }
    });
    last = next.catch(() => undefined);
    return next;
  };
  const tickLogged = (): void => {
    tick().catch((error: unknown) => log.error({ err: error }, 'deadline tick failed'));
  };

  const timer = setInterval(() => {
    if (!busy) tickLogged();
  }, options.intervalMs ?? 60_000);
  timer.unref();
  if (options.runAtStart ?? true) tickLogged();

  return {
    index,
    tick,
    async stop() {
      clearInterval(timer);
      await last;
      unwatch();
    },
  };
}

/** The deadline specs a machine declares in its states' meta, nested states included. */
function* deadlineSpecsOf(node: AnyStateNode): Generator<DeadlineSpec> {
  yield* stateDeadlines(node.meta as StateMeta | undefined);
  for (const child of Object.values(node.states)) yield* deadlineSpecsOf(child);
}

/**
 * Computes every deadline of the machine as if it started now, and the escalation ladder of each
 * as if it were missed, so the years they reach are known (computed, or an error without fallback):
 * under the base rule set and under each overlay loaded, whose periods may reach further.
 */
function assertCalendarCovers(options: DeadlineDerivation, now: Date): void {
  options.calendar.assertCovers(now, now);
  const book = options.rules;
  const ruleSets = options.ruleSet
    ? [options.ruleSet]
    : [
        book?.base ?? RULE_SET,
        ...(book?.overlays ?? []).map((o) =>
          book!.byVersion(`${book!.base.version}+${o.divisionPrefix}@${o.version}`),
        ),
      ];
  for (const ruleSet of ruleSets) {
    for (const spec of deadlineSpecsOf(options.machine.root)) {
      const entry = ruleOf(ruleSet, spec.rule);
      if (typeof entry.value !== 'number') continue;
      // A year's end needs no holiday data, and the ladder after it is checked once the year is
      // near its end; demanding next year's notice all year round would stop a service in January.
      if (!isDeadlineUnit(entry.unit) || entry.unit === 'year_end') continue;
      const dueAt =
        entry.value === 0
          ? now
          : options.calendar.addDeadline(now, { duration: entry.value, unit: entry.unit });
      escalationLadder(dueAt, options.calendar, ruleSet);
    }
  }
}
