import {
  type CloudEvent,
  type DetectionEvent,
  type DetectionEventData,
  DetectionEvents,
  parseType,
  SYSTEM_ACTOR,
  topicOf,
} from '@landcase/contracts';
import { clueMachine, historicalBatchMachine } from '@landcase/lifecycle';
import {
  checkedData,
  executeCommand,
  IllegalTransition,
  react,
  type ServiceContext,
} from '@landcase/service-kit';
import { clueFields, clueStreamId } from '../clue.ts';
import { historicalBatchFields, historicalBatchStreamId } from '../historical-batch.ts';

// A batch and its clues are separate aggregates, so each command writes one of them and this
// reaction (on the service's own topic) carries the news across:
// - HistoricalBatchOpened → HistoricalBatched on every clue of the batch; a clue that another
//   batch opened at the same moment took first is withdrawn from this one
//   (HistoricalBatchClueWithdrawn), so the batch does not wait for it forever;
// - HistoricalSettled on a clue → HistoricalBatchClueSettled on its batch. The batch completes when
//   the bureau head records it (slices/complete-historical-batch.ts), never by itself.
// Idempotent: each decision reads the stream it writes and appends nothing when the fact is there.
// Several clues settling at once all write the batch stream: a conflict reads it again and decides
// again (executeCommand's retry) rather than going back to the consumer.

type Opened = DetectionEventData['HistoricalBatchOpened'];
type Settled = DetectionEventData['HistoricalSettled'];

/** Every clue of a batch that settles at once writes the batch stream: more tries than the default. */
const BATCH_STREAM_RETRY = { attempts: 20 };

/** The clue's HistoricalBatched, or none when it already is in this batch. */
export function decideBatched(
  opened: Opened,
  clueId: string,
  events: readonly { type: string; data: unknown }[],
): DetectionEvent[] {
  const clue = clueFields(events);
  if (!clue?.verification || clue.historical?.batchId === opened.batchId) return [];
  return [
    {
      type: 'HistoricalBatched',
      data: {
        caseId: clueId,
        batchId: opened.batchId,
        disposition: opened.disposition,
        dueBy: opened.dueBy,
        divisionCode: clue.divisionCode,
        landClass: clue.verification.landClass,
        areaMu: clue.verification.areaMu,
        batchedAt: opened.openedAt,
      },
    },
  ];
}

type BatchFields = NonNullable<ReturnType<typeof historicalBatchFields>>;

const isDone = (batch: BatchFields, clueId: string): boolean =>
  batch.settled.some((s) => s.clueId === clueId) || batch.withdrawn.some((w) => w.clueId === clueId);

/** The batch's count of a settled clue. */
export function decideClueSettled(
  settled: Settled,
  events: readonly { type: string; data: unknown }[],
): DetectionEvent[] {
  const batch = historicalBatchFields(events);
  if (!batch || batch.completedAt || isDone(batch, settled.caseId)) return [];
  const { batchId } = batch;
  return [
    {
      type: 'HistoricalBatchClueSettled',
      data: { caseId: batchId, batchId, clueId: settled.caseId, settledAt: settled.settledAt },
    },
  ];
}

/** The batch lets go of a clue it could not take. */
export function decideClueWithdrawn(
  clueId: string,
  reason: string,
  events: readonly { type: string; data: unknown }[],
  now: Date,
): DetectionEvent[] {
  const batch = historicalBatchFields(events);
  if (!batch || batch.completedAt || isDone(batch, clueId)) return [];
  const { batchId } = batch;
  return [
    {
      type: 'HistoricalBatchClueWithdrawn',
      data: { caseId: batchId, batchId, clueId, reason, withdrawnAt: now.toISOString() },
    },
  ];
}

export async function handleBatchEvent(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  const name = parseType(event.type)?.name;
  const actor = SYSTEM_ACTOR('detection');
  if (name === 'HistoricalBatchOpened') {
    const opened = checkedData<Opened>(DetectionEvents.HistoricalBatchOpened, event);
    for (const clueId of opened.clueIds) {
      try {
        await executeCommand(ctx, {
          streamId: clueStreamId(clueId),
          caseId: clueId,
          machine: clueMachine,
          actor,
          correlationId: event.correlationid,
          causationId: event.id,
          decide: (_snapshot, events) => decideBatched(opened, clueId, events),
          retry: true,
        });
      } catch (error) {
        // Another batch took the clue between the check and now: it stays there, and this batch
        // lets go of it; the rest go on.
        if (!(error instanceof IllegalTransition)) throw error;
        const taken = clueFields(await ctx.store.readStream(clueStreamId(clueId)))?.historical?.batchId;
        const reason = taken ? `taken by batch ${taken}` : `the clue is ${error.currentState}`;
        await executeCommand(ctx, {
          streamId: historicalBatchStreamId(opened.batchId),
          caseId: opened.batchId,
          machine: historicalBatchMachine,
          actor,
          correlationId: event.correlationid,
          causationId: event.id,
          decide: (_snapshot, events) => decideClueWithdrawn(clueId, reason, events, ctx.clock.now()),
          retry: BATCH_STREAM_RETRY,
        });
      }
    }
    return;
  }
  if (name === 'HistoricalSettled') {
    const settled = checkedData<Settled>(DetectionEvents.HistoricalSettled, event);
    await executeCommand(ctx, {
      streamId: historicalBatchStreamId(settled.batchId),
      caseId: settled.batchId,
      machine: historicalBatchMachine,
      actor,
      correlationId: event.correlationid,
      causationId: event.id,
      decide: (_snapshot, events) => decideClueSettled(settled, events),
      retry: BATCH_STREAM_RETRY,
    });
  }
}

export function batchHistoricalClues(ctx: ServiceContext) {
  return react(ctx, {
    name: 'batch-historical-clues',
    topics: [topicOf('detection')],
    handle: (event) => handleBatchEvent(ctx, event),
  });
}
