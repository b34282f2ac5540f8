import type { DetectionEvent } from '@landcase/contracts';
import { BUREAU_AUDIENCE, checkBatchCompletion, historicalBatchMachine } from '@landcase/lifecycle';
import {
  executeCommand,
  guarded,
  nullIfNotFound,
  RuleViolation,
  type ServiceContext,
} from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  historicalBatchFields,
  historicalBatchStreamId,
  loadHistoricalBatch,
  replyHistoricalBatch,
} from '../historical-batch.ts';
import { BatchIdParams } from './get-historical-batch.ts';

// 分期分批整治落实到位 (seed 004 §(六)2): the bureau head records a batch complete, and only once
// every clue in it is closed (its disposition carried out, or its restored land accepted) or was
// taken by another batch: 422 `historical.batch.completion` naming the clues still open otherwise.

export const CompleteHistoricalBatchBody = Type.Object({}, { additionalProperties: false });

/** The batch's completion at `now`; a RuleViolation listing the open clues while any is left. */
export function decideBatchCompletion(
  batchId: string,
  events: readonly { type: string; data: unknown }[],
  now: Date,
): DetectionEvent[] {
  const batch = historicalBatchFields(events);
  // Without a batch the machine refuses the event (409), as for any other state that takes none.
  if (batch) {
    const refusal = checkBatchCompletion(batch);
    if (refusal) {
      const { openClues, ...rule } = refusal;
      throw new RuleViolation(rule, { openClues });
    }
  }
  return [
    { type: 'HistoricalBatchCompleted', data: { caseId: batchId, batchId, completedAt: now.toISOString() } },
  ];
}

export async function completeHistoricalBatchRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Params: Static<typeof BatchIdParams>; Body: Static<typeof CompleteHistoricalBatchBody> }>(
    '/historical-batches/:batchId/completion',
    {
      schema: {
        summary: 'Record a batch of historical cases complete, once every clue in it is closed or accepted',
        description:
          '422 `historical.batch.completion` with `openClues` while a clue is neither settled nor withdrawn; 409 once completed.',
        tags: ['detection'],
        params: BatchIdParams,
        body: CompleteHistoricalBatchBody,
      },
      ...guarded(
        'detection.historical-batch.completion',
        async (request) => {
          const batch = await nullIfNotFound(
            loadHistoricalBatch(ctx, String((request.params as Static<typeof BatchIdParams>).batchId)),
          );
          return batch && { divisionCode: batch.fields.divisionCode, audience: BUREAU_AUDIENCE };
        },
        (request) => ({
          what: `historical batch ${(request.params as Static<typeof BatchIdParams>).batchId}`,
        }),
      ),
    },
    async (request, reply) => {
      const { batchId } = request.params;
      await executeCommand(ctx, {
        streamId: historicalBatchStreamId(batchId),
        caseId: batchId,
        machine: historicalBatchMachine,
        actor: request.actor,
        ifMatch: request.headers['if-match'],
        requestId: request.id,
        decide: (_snapshot, events) => decideBatchCompletion(batchId, events, ctx.clock.now()),
      });
      return replyHistoricalBatch(reply, await loadHistoricalBatch(ctx, batchId));
    },
  );
}
