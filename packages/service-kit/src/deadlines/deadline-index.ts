import { streamName } from '@landcase/contracts';
import type { EscalationRaisedData, EscalationRung } from '@landcase/lifecycle';
import type { Collection, Doc, Range } from '@landcase/readmodels';
import type { AnyStateMachine } from 'xstate';
import type { ServiceContext } from '../context.ts';
import { type KeptMachine, keptMachine, restoredMachine } from '../fold-history.ts';
import { missedEvents, nextRungOf, raisedRungs } from './escalation-ladder.ts';
import { ESCALATIONS_COLLECTION, type EscalationDoc, escalationDocId } from './escalations.ts';
import {
  type DeadlineDerivation,
  type DeadlinesFold,
  deadlineHistoryTypes,
  deadlinesOfFold,
  evolveDeadlines,
  initialDeadlinesFold,
  type StreamDeadline,
  type StreamEvent,
} from './open-deadlines.ts';

// The read model of a service's running deadlines, so the scheduler asks "what is due?" with one
// query instead of folding every stream. It follows the service's own streams straight from the
// event store (a catch-up read from a checkpoint), not from the service's topic: the stored events
// carry the stream id and revision that the deadline ids and document versions are made of (a
// CloudEvent names only the case, and a referral's stream is keyed by the referral), and the index
// does not wait on the relay and the bus to see what the scheduler itself has just appended.
// Each stream's fold (its machine state, its kept history and the deadlines it has run) is kept in
// DEADLINE_FOLDS_COLLECTION, so the events read are applied to it: no stream is read again, and
// only a gap (a fold not kept yet, or kept behind) reads the stream's missing events.

export const DEADLINES_COLLECTION = 'deadlines';
/** Per stream: the fold its deadline documents are written from (bookkeeping, never shown). */
export const DEADLINE_FOLDS_COLLECTION = 'deadlines.folds';
/** Streams whose deadlines could not be computed (bad data, a strict calendar): retried every catch-up. */
export const UNINDEXED_DEADLINES_COLLECTION = 'deadlines.unindexed';

export interface DeadlineDoc extends Doc {
  /** `<streamId>/<deadlineId>`: a deadline id is unique within its stream only. */
  id: string;
  deadlineId: string;
  streamId: string;
  caseId: string;
  service: string;
  aggregate: string;
  state: string;
  rule: string;
  source: string;
  /** ISO instants (toISOString), so that string order is time order. */
  startedAt: string;
  dueAt: string;
  /** `dueAt` was counted over a provisional calendar year (statutory days only, or computed). */
  provisional: boolean;
  /** The event that started the count. */
  startEventId: string;
  /** Running and not yet recorded as missed. */
  open: boolean;
  /** A DeadlineMissed was recorded for it. */
  missed: boolean;
  /** The state at the end of the stream carries it, missed or not. */
  running: boolean;
  /** The DeadlineMissed event, once there is one: the cause of its escalation rungs. */
  missedEventId: string | null;
  /** The rungs of the escalation ladder raised for it, in order. */
  rungs: EscalationRung[];
  /** Missed, still running and a rung left: the scheduler raises `nextRung` at `nextRungAt`. */
  escalating: boolean;
  nextRung: EscalationRung | null;
  /** ISO instant the next rung falls due. */
  nextRungAt: string | null;
}

/** A stream's DeadlinesFold as a document keeps it (dates as ISO instants). */
interface DeadlineFoldDoc extends Doc {
  revision: number;
  machine: KeptMachine;
  history: StreamEvent[];
  found: (Omit<StreamDeadline, 'startedAt' | 'dueAt'> & { startedAt: string; dueAt: string })[];
  current: string[];
}

function keptDeadlines(streamId: string, revision: number, fold: DeadlinesFold): DeadlineFoldDoc {
  return {
    id: streamId,
    revision,
    machine: keptMachine(fold.snapshot),
    history: fold.history,
    found: [...fold.found.values()].map((d) => ({
      ...d,
      startedAt: d.startedAt.toISOString(),
      dueAt: d.dueAt.toISOString(),
    })),
    current: [...fold.current],
  };
}

function restoredDeadlines(doc: DeadlineFoldDoc, machine: AnyStateMachine): DeadlinesFold {
  return {
    snapshot: restoredMachine(machine, doc.machine),
    history: doc.history,
    found: new Map(
      doc.found.map((d) => [
        d.deadlineId,
        { ...d, startedAt: new Date(d.startedAt), dueAt: new Date(d.dueAt) },
      ]),
    ),
    current: new Set(doc.current),
  };
}

interface UnindexedDoc extends Doc {
  streamId: string;
  service: string;
  aggregate: string;
  revision: number;
  error: string;
}

export interface DeadlineIndexOptions extends DeadlineDerivation {
  /** The aggregate part of the stream names (`case` in `enforcement.case-<id>`). */
  aggregate: string;
  /** Events read from the store per round trip. Default 500. */
  batchSize?: number;
}

const deadlineDocId = (streamId: string, deadlineId: string): string => `${streamId}/${deadlineId}`;

const deadlineCheckpointName = (service: string, aggregate: string): string =>
  `deadlines:${service}.${aggregate}`;

function caseIdOf(events: readonly StreamEvent[]): string {
  const first = events[0]!;
  const caseId = first.data.caseId ?? first.metadata.caseId;
  if (typeof caseId !== 'string') throw new Error(`${first.type} at revision 0 names no caseId`);
  return caseId;
}

/**
 * The deadlines of one service's aggregate, kept in `DEADLINES_COLLECTION`. Every write is an
 * upsert versioned by the stream revision it reflects, so catch-ups that overlap (a restart, a
 * second instance on the same read models) write each state once and never go back in time.
 */
export class DeadlineIndex {
  readonly #ctx: ServiceContext;
  readonly #options: DeadlineIndexOptions;
  readonly #deadlines: Collection<DeadlineDoc>;
  readonly #unindexed: Collection<UnindexedDoc>;
  readonly #escalations: Collection<EscalationDoc>;
  readonly #folds: Collection<DeadlineFoldDoc>;
  readonly #kept: ReadonlySet<string>;
  readonly #prefix: string;

  constructor(ctx: ServiceContext, options: DeadlineIndexOptions) {
    this.#ctx = ctx;
    this.#options = options;
    this.#deadlines = ctx.readModels.collection<DeadlineDoc>(DEADLINES_COLLECTION);
    this.#unindexed = ctx.readModels.collection<UnindexedDoc>(UNINDEXED_DEADLINES_COLLECTION);
    this.#escalations = ctx.readModels.collection<EscalationDoc>(ESCALATIONS_COLLECTION);
    this.#folds = ctx.readModels.collection<DeadlineFoldDoc>(DEADLINE_FOLDS_COLLECTION);
    this.#kept = deadlineHistoryTypes(options.machine);
    this.#prefix = streamName(ctx.service, options.aggregate, '');
  }

  get checkpointName(): string {
    return deadlineCheckpointName(this.#ctx.service, this.#options.aggregate);
  }

  async ensureIndexes(): Promise<void> {
    await this.#deadlines.ensureIndex(['service', 'aggregate', 'open', 'dueAt']);
    await this.#deadlines.ensureIndex(['streamId', 'open']);
    await this.#deadlines.ensureIndex(['service', 'aggregate', 'escalating', 'nextRungAt']);
    await this.#deadlines.ensureIndex(['streamId', 'escalating']);
    await this.#escalations.ensureIndex(['escalatedToDivisionCode', 'service', 'raisedAt']);
  }

  /**
   * Reads the service's events stored since the checkpoint and brings the documents of each stream
   * they touch up to date; then retries the streams that failed before. Returns the events read.
   */
  async catchUp(): Promise<number> {
    const batchSize = this.#options.batchSize ?? 500;
    const { checkpoints } = this.#ctx.readModels;
    let from = await checkpoints.get(this.checkpointName);
    let read = 0;
    for (;;) {
      const batch = await this.#ctx.store.readAll({
        ...(from !== undefined ? { fromPosition: from } : {}),
        maxCount: batchSize,
        filter: { streamPrefixes: [this.#prefix] },
      });
      if (batch.length === 0) break;
      const byStream = new Map<string, StreamEvent[]>();
      for (const event of batch) {
        const events = byStream.get(event.streamId);
        if (events) events.push(event);
        else byStream.set(event.streamId, [event]);
      }
      for (const [streamId, events] of byStream) await this.#indexGuarded(streamId, events);
      from = batch.at(-1)!.position;
      await checkpoints.set(this.checkpointName, from);
      read += batch.length;
      if (batch.length < batchSize) break;
    }
    await this.#retryUnindexed();
    return read;
  }

  /**
   * The projection step for one stream: `events` are some of its events, in order. They are applied
   * to the stream's kept fold (those at or below its revision skipped; after a gap the missing
   * ones read from the store first); then every deadline the stream has run is written as of the
   * last one: open, missed or closed, with the rung its escalation ladder climbs next; and a
   * document per rung raised.
   */
  async indexStream(streamId: string, events: readonly StreamEvent[]): Promise<void> {
    const last = events.at(-1);
    if (!last) return;
    const kept = await this.#folds.get(streamId);
    let fold = kept ? restoredDeadlines(kept, this.#options.machine) : initialDeadlinesFold(this.#options);
    const from = (kept?.revision ?? -1) + 1;
    if (last.revision < from) return;
    const applied =
      events.find((e) => e.revision >= from)?.revision === from
        ? events.filter((e) => e.revision >= from)
        : (await this.#ctx.store.readStream(streamId, { fromRevision: from })).filter(
            (e) => e.revision <= last.revision,
          );
    for (const event of applied) fold = evolveDeadlines(fold, event, this.#options, this.#kept);
    await this.#write(streamId, fold, applied);
    await this.#folds.upsert(keptDeadlines(streamId, last.revision, fold), last.revision + 1);
  }

  async #write(streamId: string, fold: DeadlinesFold, applied: readonly StreamEvent[]): Promise<void> {
    const version = applied.at(-1)!.revision;
    const deadlines = deadlinesOfFold(fold);
    const missed = missedEvents(fold.history);
    const raised = raisedRungs(fold.history);
    const base = {
      streamId,
      caseId: caseIdOf(fold.history),
      service: this.#ctx.service,
      aggregate: this.#options.aggregate,
    };
    for (const d of deadlines) {
      const missedEvent = missed.get(d.deadlineId);
      const rungs = raised.get(d.deadlineId) ?? [];
      // Only a missed deadline the case still stands in climbs; the ladder is dated from the miss.
      const next =
        missedEvent && d.running
          ? nextRungOf(missedEvent, rungs.length, this.#options, fold.history, fold.snapshot)
          : null;
      await this.#deadlines.upsert(
        {
          id: deadlineDocId(streamId, d.deadlineId),
          deadlineId: d.deadlineId,
          ...base,
          state: d.state,
          rule: d.rule,
          source: d.source,
          startedAt: d.startedAt.toISOString(),
          dueAt: d.dueAt.toISOString(),
          provisional: d.provisional,
          startEventId: d.startEventId,
          open: d.open,
          missed: d.missed,
          running: d.running,
          missedEventId: missedEvent?.id ?? null,
          rungs,
          escalating: next !== null,
          nextRung: next?.rung ?? null,
          nextRungAt: next?.dueAt.toISOString() ?? null,
        },
        version,
      );
    }
    for (const event of applied) {
      if (event.type !== 'EscalationRaised') continue;
      const data = event.data as unknown as EscalationRaisedData;
      await this.#escalations.upsert(
        {
          id: escalationDocId(streamId, data.deadlineId, data.rung),
          caseId: data.caseId,
          service: this.#ctx.service,
          streamId,
          deadlineId: data.deadlineId,
          rung: data.rung,
          raisedAt: data.raisedAt,
          divisionCode: data.divisionCode,
          escalatedToDivisionCode: data.escalatedToDivisionCode,
          rule: data.rule,
          source: data.source,
        },
        event.revision,
      );
    }
    // A document the stream no longer yields (the machine's deadlines changed since it was written)
    // must not stay due for ever.
    const known = new Set(deadlines.map((d) => d.deadlineId));
    for (const doc of await this.#deadlines.find({ streamId, open: true })) {
      if (!known.has(doc.deadlineId)) await this.#deadlines.upsert({ ...doc, open: false }, version);
    }
    for (const doc of await this.#deadlines.find({ streamId, escalating: true })) {
      if (!known.has(doc.deadlineId)) {
        await this.#deadlines.upsert(
          { ...doc, escalating: false, nextRung: null, nextRungAt: null },
          version,
        );
      }
    }
  }

  /** Missed deadlines of this service's aggregate with a rung to raise, the earliest rung first. */
  async escalating(page: { limit: number; skip?: number }): Promise<DeadlineDoc[]> {
    return this.#deadlines.find(
      { service: this.#ctx.service, aggregate: this.#options.aggregate, escalating: true },
      { sort: { field: 'nextRungAt', direction: 1 }, limit: page.limit, skip: page.skip ?? 0 },
    );
  }

  /** Open deadlines of this service's aggregate, earliest due first. */
  async open(page: { limit: number; skip?: number }): Promise<DeadlineDoc[]> {
    return this.#deadlines.find(
      { service: this.#ctx.service, aggregate: this.#options.aggregate, open: true },
      { sort: { field: 'dueAt', direction: 1 }, limit: page.limit, skip: page.skip ?? 0 },
    );
  }

  /** How many open deadlines of this service's aggregate fall due within `dueAt` (bounds on the ISO instant). */
  async countOpenDue(dueAt: Range): Promise<number> {
    return this.#deadlines.count({
      service: this.#ctx.service,
      aggregate: this.#options.aggregate,
      open: true,
      dueAt,
    });
  }

  /** Every deadline document of one stream, open or closed. */
  async ofStream(streamId: string): Promise<DeadlineDoc[]> {
    return this.#deadlines.find({ streamId }, { sort: { field: 'dueAt', direction: 1 } });
  }

  /**
   * One stream that cannot be indexed (an event without its instant, say) must not hold
   * up the others: it is logged and parked in UNINDEXED_DEADLINES_COLLECTION until it succeeds.
   */
  async #indexGuarded(streamId: string, events: readonly StreamEvent[]): Promise<void> {
    const revision = events.at(-1)!.revision;
    try {
      await this.indexStream(streamId, events);
    } catch (error) {
      this.#ctx.log.error({ err: error, streamId, revision }, 'deadlines of the stream could not be indexed');
      await this.#unindexed.upsert(
        {
          id: streamId,
          streamId,
          service: this.#ctx.service,
          aggregate: this.#options.aggregate,
          revision,
          error: error instanceof Error ? error.message : String(error),
        },
        revision,
      );
    }
  }

  async #retryUnindexed(): Promise<void> {
    const parked = await this.#unindexed.find({
      service: this.#ctx.service,
      aggregate: this.#options.aggregate,
    });
    for (const doc of parked) {
      try {
        // From the revision its fold was kept at: the events after it.
        const kept = await this.#folds.get(doc.streamId);
        const events = await this.#ctx.store.readStream(doc.streamId, {
          fromRevision: (kept?.revision ?? -1) + 1,
        });
        await this.indexStream(doc.streamId, events);
        await this.#unindexed.delete(doc.id);
      } catch (error) {
        this.#ctx.log.warn(
          { err: error, streamId: doc.streamId },
          'deadlines of the stream still not indexed',
        );
      }
    }
  }
}
