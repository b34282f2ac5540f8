import {
  AreaMu,
  type DetectionEvent,
  type FieldError,
  LandClassField,
  NonEmpty,
  Party,
  VerdictField,
} from '@landcase/contracts';
import { requireAgency, requireRole, type ServiceContext, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ClueFields } from '../clue.ts';
import { replyClue, requireClue, runClueCommand } from '../clue-view.ts';
import { CaseIdParams } from './params.ts';

// Field verification (实地核查): a polygon is only a clue until someone stood on the land.

export const VerifyClueBody = Type.Object(
  {
    verdict: VerdictField,
    areaMu: AreaMu,
    landClass: LandClassField,
    ongoing: Type.Boolean({ description: 'construction still going on' }),
    party: Type.Optional(Party),
    approvalRef: Type.Optional(NonEmpty('approval number, when the use is legal')),
  },
  { additionalProperties: false },
);
export type VerifyClue = Static<typeof VerifyClueBody>;

/** An illegal use needs someone to act against; a legal one needs the approval that makes it so. */
export function validateVerifyClue(body: VerifyClue): FieldError[] {
  const errors: FieldError[] = [];
  if (body.verdict === 'illegal' && body.party === undefined) {
    errors.push({ path: '/party', reason: "required when the verdict is 'illegal'" });
  }
  if (body.verdict === 'legal' && body.approvalRef === undefined) {
    errors.push({ path: '/approvalRef', reason: "required when the verdict is 'legal'" });
  }
  return errors;
}

/** The verdict carries what enforcement needs to open a case, so it never has to ask detection. */
export function decideVerifyClue(
  caseId: string,
  clue: ClueFields,
  body: VerifyClue,
  now: Date,
): DetectionEvent[] {
  return [
    {
      type: 'ClueVerified',
      data: {
        caseId,
        verdict: body.verdict,
        divisionCode: clue.divisionCode,
        areaMu: body.areaMu,
        landClass: body.landClass,
        ongoing: body.ongoing,
        ...(body.party !== undefined ? { party: body.party } : {}),
        ...(body.approvalRef !== undefined ? { approvalRef: body.approvalRef } : {}),
        source: clue.source,
        observedAt: clue.observedAt,
        verifiedAt: now.toISOString(),
      },
    },
  ];
}

export async function verifyClueRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Params: CaseIdParams; Body: VerifyClue }>(
    '/clues/:caseId/verification',
    {
      schema: {
        summary: 'Record the field verification of a clue',
        description: "`party` is required when the verdict is 'illegal', `approvalRef` when it is 'legal'.",
        tags: ['detection'],
        params: CaseIdParams,
        body: VerifyClueBody,
      },
    },
    async (request, reply) => {
      const actor = request.actor;
      requireAgency(actor, 'nrb');
      requireRole(actor, 'officer');
      const errors = validateVerifyClue(request.body);
      if (errors.length > 0) throw new ValidationProblem(errors);
      const { caseId } = request.params;
      const view = await runClueCommand(ctx, {
        caseId,
        actor,
        ifMatch: request.headers['if-match'],
        requestId: request.id,
        decide: (history) =>
          decideVerifyClue(caseId, requireClue(caseId, history), request.body, ctx.clock.now()),
      });
      return replyClue(reply, view);
    },
  );
}
