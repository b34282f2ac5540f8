import { type DetectionEvent, type DetectionEventData, streamName } from '@landcase/contracts';
import { type HistoricalBatchMachine, historicalBatchMachine } from '@landcase/lifecycle';
import {
  aggregateDue,
  type Due,
  loadAggregate,
  NotFound,
  replyAggregate,
  type ServiceContext,
} from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import type { SnapshotFrom } from 'xstate';

// A batch of historical cases (分期分批整治, seed 004 §(六)2) as the API shows it: the machine gives
// the state, the fields are folded here. The batch is its own aggregate in the detection service;
// its events carry the batch id as their caseId (every event names the aggregate it belongs to).

export const historicalBatchStreamId = (batchId: string): string =>
  streamName('detection', 'historical-batch', batchId);

type Opened = DetectionEventData['HistoricalBatchOpened'];
type Missed = DetectionEventData['DeadlineMissed'];

export interface HistoricalBatchFields extends Omit<Opened, 'caseId'> {
  settled: { clueId: string; settledAt: string }[];
  /** Clues another batch opened at the same time took first. */
  withdrawn: { clueId: string; reason: string; withdrawnAt: string }[];
  /** Counters for the batch's progress. */
  progress: { clues: number; settled: number; withdrawn: number };
  completedAt: string | null;
  deadlinesMissed: Omit<Missed, 'caseId'>[];
}

/** Folds a batch's events; null before it was opened. */
export function historicalBatchFields(
  events: readonly { type: string; data: unknown }[],
): HistoricalBatchFields | null {
  let f: HistoricalBatchFields | null = null;
  for (const raw of events) {
    const event = raw as DetectionEvent;
    if (event.type === 'HistoricalBatchOpened') {
      const { caseId: _, ...opened } = event.data;
      f = {
        ...opened,
        settled: [],
        withdrawn: [],
        progress: { clues: opened.clueIds.length, settled: 0, withdrawn: 0 },
        completedAt: null,
        deadlinesMissed: [],
      };
      continue;
    }
    if (!f) continue;
    if (event.type === 'HistoricalBatchClueSettled') {
      const settled: HistoricalBatchFields['settled'] = [
        ...f.settled,
        { clueId: event.data.clueId, settledAt: event.data.settledAt },
      ];
      f = { ...f, settled, progress: { ...f.progress, settled: settled.length } };
    } else if (event.type === 'HistoricalBatchClueWithdrawn') {
      const { clueId, reason, withdrawnAt } = event.data;
      const withdrawn: HistoricalBatchFields['withdrawn'] = [...f.withdrawn, { clueId, reason, withdrawnAt }];
      f = { ...f, withdrawn, progress: { ...f.progress, withdrawn: withdrawn.length } };
    } else if (event.type === 'HistoricalBatchCompleted') {
      f = { ...f, completedAt: event.data.completedAt };
    } else if (event.type === 'DeadlineMissed') {
      const { caseId: _, ...missed } = event.data;
      f = { ...f, deadlinesMissed: [...f.deadlinesMissed, missed] };
    }
  }
  return f;
}

export interface HistoricalBatchView {
  batchId: string;
  snapshot: SnapshotFrom<HistoricalBatchMachine>;
  revision: number;
  fields: HistoricalBatchFields;
  /** Its next deadline as of the read (deadlines/due.ts in the kit), null when none runs. */
  due: Due | null;
}

export async function loadHistoricalBatch(
  ctx: ServiceContext,
  batchId: string,
): Promise<HistoricalBatchView> {
  const { snapshot, revision, events } = await loadAggregate(ctx, {
    streamId: historicalBatchStreamId(batchId),
    machine: historicalBatchMachine,
    notFound: `no historical batch ${batchId}`,
  });
  const fields = historicalBatchFields(events);
  if (!fields) throw new NotFound(`no historical batch ${batchId}`);
  return {
    batchId,
    snapshot,
    revision,
    fields,
    due: aggregateDue(ctx, historicalBatchMachine, events, snapshot),
  };
}

export function replyHistoricalBatch(reply: FastifyReply, view: HistoricalBatchView, status = 200) {
  return replyAggregate(reply, {
    id: view.batchId,
    caseId: view.batchId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: { ...view.fields },
    due: view.due,
    status,
  });
}
