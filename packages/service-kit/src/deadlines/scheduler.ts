import { SYSTEM_ACTOR } from '@landcase/contracts';
import { RULE_SET, ruleOf, type StateMeta } from '@landcase/lifecycle';
import type { AnyStateNode } from 'xstate';
import { executeCommand } from '../command.ts';
import type { Running, ServiceContext } from '../context.ts';
import { ConcurrencyConflict, IllegalTransition } from '../problems.ts';
import { type DeadlineDoc, DeadlineIndex, type DeadlineIndexOptions } from './deadline-index.ts';
import { type DeadlineDerivation, openDeadlines } from './open-deadlines.ts';

// Appends DeadlineMissed to a stream once one of its deadlines has passed. Exactly once, however
// many ticks, instances and restarts: the deadline id is derived from the stream, the machine
// refuses a second DeadlineMissed with the same id, the append expects the revision it read, and
// the decision is taken on the stream as read in the command (the index only says where to look).

export interface DeadlineSchedulerOptions extends DeadlineIndexOptions {
  /** Time between ticks. Default one minute. */
  intervalMs?: number;
  /** Tick once at start, so a restart catches up at once. Default true. */
  runAtStart?: boolean;
}

export interface MissedReport {
  streamId: string;
  deadlineId: string;
  dueAt: string;
}

export interface TickReport {
  /** Events read into the index. */
  indexed: number;
  /** Open deadlines whose due instant had come. */
  due: number;
  /** DeadlineMissed events this tick appended. */
  missed: MissedReport[];
  /** Deadlines whose append failed with something else than "already done"; retried next tick. */
  failed: number;
}

export interface DeadlineScheduler extends Running {
  /** Catches the index up, then appends DeadlineMissed for what is due at `ctx.clock.now()`. */
  tick(): Promise<TickReport>;
  readonly index: DeadlineIndex;
}

/** Attempts per deadline when another writer changed the stream between read and append. */
const MAX_ATTEMPTS = 3;

/**
 * Starts a service's scheduler for one aggregate. Rejects when the calendar does not cover the
 * deadlines that could start now (MissingCalendarYearError): a year's holiday data must be added
 * before the service runs in it, never guessed.
 */
export async function startDeadlineScheduler(
  ctx: ServiceContext,
  options: DeadlineSchedulerOptions,
): Promise<DeadlineScheduler> {
  assertCalendarCovers(options, ctx.clock.now());
  const log = ctx.log.child({ scheduler: `deadlines:${options.aggregate}` });
  const index = new DeadlineIndex(ctx, options);
  await index.ensureIndexes();
  const batchSize = options.batchSize ?? 500;

  async function fire(doc: DeadlineDoc, now: Date): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await executeCommand(ctx, {
          streamId: doc.streamId,
          caseId: doc.caseId,
          machine: options.machine,
          actor: SYSTEM_ACTOR(ctx.service),
          causationId: doc.startEventId,
          // The stream decides, not the index: it may lag behind a state already left.
          decide: (snapshot, events) => {
            const current = openDeadlines(events, options, snapshot).find(
              (d) => d.deadlineId === doc.deadlineId,
            );
            if (!current || current.dueAt > now) return [];
            return [
              {
                type: 'DeadlineMissed',
                data: {
                  caseId: doc.caseId,
                  deadlineId: current.deadlineId,
                  state: current.state,
                  dueAt: current.dueAt.toISOString(),
                  rule: current.rule,
                  source: current.source,
                },
              },
            ];
          },
        });
        return result.events.length > 0;
      } catch (error) {
        if (error instanceof ConcurrencyConflict && attempt < MAX_ATTEMPTS) continue;
        // Another instance recorded it first, or the case moved on: nothing is left to do.
        if (error instanceof IllegalTransition || error instanceof ConcurrencyConflict) return false;
        throw error;
      }
    }
  }

  async function runTick(): Promise<TickReport> {
    const report: TickReport = { indexed: await index.catchUp(), due: 0, missed: [], failed: 0 };
    const now = ctx.clock.now();
    const nowIso = now.toISOString();
    // Nothing is closed while the tick runs (the index catches up only after), so skip pages stably.
    for (let skip = 0; ; skip += batchSize) {
      const page = await index.open({ limit: batchSize, skip });
      const due = page.filter((doc) => doc.dueAt <= nowIso);
      for (const doc of due) {
        report.due += 1;
        try {
          if (await fire(doc, now)) {
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
    return report;
  }

  // Ticks run one after another: the timer skips a beat while one runs; tick() waits its turn.
  let last: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = (): Promise<TickReport> => {
    const next = last.then(async () => {
      busy = true;
      try {
        return await runTick();
      } finally {
        busy = false;
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
    },
  };
}

/** The deadline specs a machine declares in its states' meta, nested states included. */
function* deadlineSpecsOf(node: AnyStateNode): Generator<NonNullable<StateMeta['deadline']>> {
  const spec = (node.meta as StateMeta | undefined)?.deadline;
  if (spec) yield spec;
  for (const child of Object.values(node.states)) yield* deadlineSpecsOf(child);
}

/** Computes every deadline of the machine as if it started now: throws for a year without data. */
function assertCalendarCovers(options: DeadlineDerivation, now: Date): void {
  options.calendar.assertCovers(now, now);
  for (const spec of deadlineSpecsOf(options.machine.root)) {
    const entry = ruleOf(options.ruleSet ?? RULE_SET, spec.rule);
    if (typeof entry.value !== 'number' || entry.value === 0) continue;
    if (entry.unit !== 'hours' && entry.unit !== 'calendar_days' && entry.unit !== 'working_days') continue;
    options.calendar.addDeadline(now, { duration: entry.value, unit: entry.unit });
  }
}
