import { type DetectionEvent, DivisionCode } from '@landcase/contracts';
import { CLUE_ISSUERS } from '@landcase/lifecycle';
import { requireAgency, requireRole, type ServiceContext, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ClueFields } from '../clue.ts';
import { replyClue, requireClue, runClueCommand } from '../clue-view.ts';
import { CaseIdParams } from './params.ts';

// Satellite problem lists travel down the hierarchy: province → city → county (seed 000 §(四)).

export const DispatchClueBody = Type.Object(
  { toDivisionCode: DivisionCode },
  { additionalProperties: false },
);
export type DispatchClue = Static<typeof DispatchClueBody>;

export function decideDispatchClue(
  caseId: string,
  clue: ClueFields,
  body: DispatchClue,
  now: Date,
): DetectionEvent[] {
  // The machine would refuse it too, but as a transition; this is a mistake in the request.
  if (body.toDivisionCode === clue.divisionCode) {
    throw new ValidationProblem([
      { path: '/toDivisionCode', reason: 'is the division the clue is already at' },
    ]);
  }
  return [
    {
      type: 'ClueDispatched',
      data: {
        caseId,
        fromDivisionCode: clue.divisionCode,
        toDivisionCode: body.toDivisionCode,
        dispatchedAt: now.toISOString(),
      },
    },
  ];
}

export async function dispatchClueRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Params: CaseIdParams; Body: DispatchClue }>(
    '/clues/:caseId/dispatch',
    {
      schema: {
        summary: 'Dispatch a clue down to the division that verifies it',
        tags: ['detection'],
        params: CaseIdParams,
        body: DispatchClueBody,
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      requireAgency(actor, ...CLUE_ISSUERS.ClueDispatched);
      requireRole(actor, 'officer');
      const { caseId } = request.params;
      const view = await runClueCommand(ctx, {
        caseId,
        actor,
        ifMatch: request.headers['if-match'],
        requestId: request.id,
        decide: (history) =>
          decideDispatchClue(caseId, requireClue(caseId, history), request.body, ctx.clock.now()),
      });
      return replyClue(reply, view);
    },
  );
}
