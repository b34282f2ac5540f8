import { createHash } from 'node:crypto';
import {
  type Actor,
  type DetectionEvent,
  DivisionCode,
  type FieldError,
  formatActor,
  HistoricalDispositionField,
  NonEmpty,
  Timestamp,
} from '@landcase/contracts';
import { historicalBatchMachine, stateString } from '@landcase/lifecycle';
import {
  ConcurrencyConflict,
  executeCommand,
  guarded,
  IdempotencyKeyHeaders,
  namedDivision,
  nullIfNotFound,
  type ServiceContext,
  ValidationProblem,
} from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { type ClueView, tryLoadClue } from '../clue-view.ts';
import { historicalBatchStreamId, loadHistoricalBatch, replyHistoricalBatch } from '../historical-batch.ts';
import { HISTORICAL_LEDGER_COLLECTION, type LedgerEntry } from '../projections/historical-ledger.ts';
import { checkTimeNode } from './historical-ledger.ts';

// 分期分批整治 (seed 004 §(六)2): the bureau takes historical clues of one division into a batch
// with one disposition and a due date, named one by one or as a whole time-node class of the
// ledger. Only clues still waiting in the ledger may join; the clues learn of their batch from
// the batch's event (reactions/batch-historical-clues.ts).

export const MAX_BATCH = 1000;

export const OpenHistoricalBatchBody = Type.Object(
  {
    divisionCode: DivisionCode,
    clueIds: Type.Optional(
      Type.Array(NonEmpty('case id of a historical clue'), {
        minItems: 1,
        maxItems: MAX_BATCH,
        uniqueItems: true,
      }),
    ),
    timeNode: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'a time-node class of the ledger' }),
    ),
    disposition: HistoricalDispositionField,
    dueBy: Timestamp,
  },
  { additionalProperties: false },
);
export type OpenHistoricalBatch = Static<typeof OpenHistoricalBatchBody>;

/** What the body alone can tell: exactly one way of choosing clues, a due date still ahead. */
export function validateOpenBatch(body: OpenHistoricalBatch, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  if ((body.clueIds === undefined) === (body.timeNode === undefined)) {
    errors.push({ path: '/clueIds', reason: 'give either clueIds or timeNode, not both' });
  }
  const dueBy = new Date(body.dueBy);
  if (dueBy <= now) errors.push({ path: '/dueBy', reason: 'must be in the future' });
  // Stored in UTC, and an instant past 9999 in UTC has no RFC 3339 spelling (9999-12-31T23:59-23:59).
  else if (dueBy.getUTCFullYear() > 9999)
    errors.push({ path: '/dueBy', reason: 'must fall before the year 10000 in UTC' });
  return errors;
}

/** Why a clue may not join the batch, or null when it may. */
export function clueRefusal(view: ClueView | null, divisionCode: string): string | null {
  if (!view) return 'no such clue';
  const state = stateString(view.snapshot);
  if (state !== 'verified.historical') return `not a historical clue waiting in the ledger (state ${state})`;
  if (view.fields.divisionCode !== divisionCode) return `verified in division ${view.fields.divisionCode}`;
  return null;
}

/** The same Idempotency-Key of the same actor names the same batch; otherwise a fresh id. */
export function batchIdOf(ctx: ServiceContext, divisionCode: string, actor: Actor, key?: string): string {
  const suffix = key
    ? createHash('sha256')
        .update(`${formatActor(actor)}\n${key}`)
        .digest('hex')
        .slice(0, 16)
    : ctx.newId().replaceAll('-', '').slice(0, 16);
  return `HB-${divisionCode}-${suffix}`;
}

async function chooseClues(ctx: ServiceContext, body: OpenHistoricalBatch): Promise<string[]> {
  if (body.clueIds) return body.clueIds;
  checkTimeNode(body.timeNode);
  const waiting = await ctx.readModels
    .collection<LedgerEntry>(HISTORICAL_LEDGER_COLLECTION)
    .find(
      { divisionCode: body.divisionCode, timeNode: body.timeNode ?? null, state: 'verified.historical' },
      { limit: MAX_BATCH, sort: { field: 'occupiedSince', direction: 1 } },
    );
  if (waiting.length === 0) {
    throw new ValidationProblem([
      {
        path: '/timeNode',
        reason: 'no historical clue of this class is waiting in the ledger of the division',
      },
    ]);
  }
  return waiting.map((entry) => entry.caseId);
}

export async function openHistoricalBatchRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Body: OpenHistoricalBatch; Headers: { 'idempotency-key'?: string } }>(
    '/historical-batches',
    {
      schema: {
        summary: 'Take historical clues of a division into a batch with a disposition and a due date',
        description:
          'Either `clueIds` or `timeNode` (every clue of that class waiting in the ledger). Each clue must be verified historical, in the division, and in no batch yet. The same Idempotency-Key from the same actor returns 200 and that batch.',
        tags: ['detection'],
        response: { 201: { description: 'The new batch' }, 200: { description: 'The batch opened before' } },
        body: OpenHistoricalBatchBody,
        headers: IdempotencyKeyHeaders,
      },
      ...guarded('detection.historical-batch.open', async (request) => namedDivision(request.body)),
    },
    async (request, reply) => {
      const actor = request.actor;
      const body = request.body;
      const now = ctx.clock.now();
      const errors = validateOpenBatch(body, now);
      if (body.timeNode !== undefined && errors.length === 0) checkTimeNode(body.timeNode);
      if (errors.length > 0) throw new ValidationProblem(errors);

      const key = request.headers['idempotency-key'];
      const batchId = batchIdOf(ctx, body.divisionCode, actor, key);
      if (key) {
        // Only "no such batch yet" means create it; a failing store must not look like a new key.
        const existing = await nullIfNotFound(loadHistoricalBatch(ctx, batchId));
        if (existing) return replyHistoricalBatch(reply, existing, 200);
      }

      const clueIds = await chooseClues(ctx, body);
      const refusals: FieldError[] = [];
      const views = await Promise.all(clueIds.map((id) => tryLoadClue(ctx, id)));
      views.forEach((view, i) => {
        const reason = clueRefusal(view, body.divisionCode);
        if (reason)
          refusals.push({
            path: body.clueIds ? `/clueIds/${i}` : '/timeNode',
            reason: `${clueIds[i]}: ${reason}`,
          });
      });
      if (refusals.length > 0) throw new ValidationProblem(refusals);

      const opened: DetectionEvent = {
        type: 'HistoricalBatchOpened',
        data: {
          caseId: batchId,
          batchId,
          divisionCode: body.divisionCode,
          ...(body.timeNode !== undefined ? { timeNode: body.timeNode } : {}),
          clueIds,
          disposition: body.disposition,
          dueBy: new Date(body.dueBy).toISOString(),
          openedAt: now.toISOString(),
        },
      };
      try {
        await executeCommand(ctx, {
          streamId: historicalBatchStreamId(batchId),
          caseId: batchId,
          machine: historicalBatchMachine,
          actor,
          expected: 'no_stream',
          requestId: request.id,
          decide: () => [opened],
        });
      } catch (error) {
        // The same key raced itself: the first request made the batch.
        if (key && error instanceof ConcurrencyConflict) {
          return replyHistoricalBatch(reply, await loadHistoricalBatch(ctx, batchId), 200);
        }
        throw error;
      }
      return replyHistoricalBatch(reply, await loadHistoricalBatch(ctx, batchId), 201);
    },
  );
}
