import { BUREAU_AUDIENCE } from '@landcase/lifecycle';
import { aggregateResponseSchema, guarded, nullIfNotFound, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { loadHistoricalBatch, replyHistoricalBatch } from '../historical-batch.ts';

export const BatchIdParams = Type.Object({ batchId: Type.String({ minLength: 1, maxLength: 128 }) });
type BatchIdParams = Static<typeof BatchIdParams>;

export async function getHistoricalBatchRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: BatchIdParams }>(
    '/historical-batches/:batchId',
    {
      schema: {
        summary:
          'A batch of historical cases: its clues, disposition, due date and progress; ETag is its revision',
        tags: ['detection'],
        params: BatchIdParams,
        response: { 200: aggregateResponseSchema('historical batch') },
      },
      ...guarded(
        'detection.historical-batch.read',
        async (request) => {
          const batch = await nullIfNotFound(
            loadHistoricalBatch(ctx, String((request.params as BatchIdParams).batchId)),
          );
          return batch && { divisionCode: batch.fields.divisionCode, audience: BUREAU_AUDIENCE };
        },
        (request) => ({ what: `historical batch ${(request.params as BatchIdParams).batchId}` }),
      ),
    },
    async (request, reply) => {
      return replyHistoricalBatch(reply, await loadHistoricalBatch(ctx, request.params.batchId));
    },
  );
}
