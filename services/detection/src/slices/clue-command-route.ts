import type { DetectionEvent, FieldError } from '@landcase/contracts';
import { CLUE_ISSUERS } from '@landcase/lifecycle';
import { requireAgency, requireRole, type ServiceContext, ValidationProblem } from '@landcase/service-kit';
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ClueFields } from '../clue.ts';
import { replyClue, requireClue, runClueCommand } from '../clue-view.ts';
import { CaseIdParams } from './params.ts';

export interface ClueCommandRoute<B extends TSchema> {
  /** Below /clues/:caseId. */
  path: string;
  summary: string;
  description?: string;
  body: B;
  /** The event the command appends: an officer of an agency that may issue it (CLUE_ISSUERS). */
  issues: 'ClueDispatched' | 'ClueVerified' | 'HistoricalSettled';
  /** What the body alone breaks (400), checked before the clue is read. */
  validate?(body: Static<B>, now: Date): FieldError[];
  decide(caseId: string, clue: ClueFields, body: Static<B>, now: Date): DetectionEvent[];
}

/**
 * A route that runs one command on an existing clue (404 when there is none, 409 when the machine
 * refuses, If-Match honoured) and answers with the clue as it left it.
 */
export async function clueCommandRoute<B extends TSchema>(
  app: FastifyInstance,
  ctx: ServiceContext,
  route: ClueCommandRoute<B>,
): Promise<void> {
  app.post<{ Params: CaseIdParams; Body: Static<B> }>(
    `/clues/:caseId/${route.path}`,
    {
      schema: {
        summary: route.summary,
        ...(route.description !== undefined ? { description: route.description } : {}),
        tags: ['detection'],
        params: CaseIdParams,
        body: route.body,
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      requireAgency(actor, ...CLUE_ISSUERS[route.issues]);
      requireRole(actor, 'officer');
      const errors = route.validate?.(request.body, ctx.clock.now()) ?? [];
      if (errors.length > 0) throw new ValidationProblem(errors);
      const { caseId } = request.params;
      const view = await runClueCommand(ctx, {
        caseId,
        actor,
        ifMatch: request.headers['if-match'],
        requestId: request.id,
        decide: (history) =>
          route.decide(caseId, requireClue(caseId, history), request.body, ctx.clock.now()),
      });
      return replyClue(reply, view);
    },
  );
}
