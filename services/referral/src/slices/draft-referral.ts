import {
  type Actor,
  CaseId,
  DivisionCode,
  DocumentRef,
  type FieldError,
  NonEmpty,
  type ReferralEvent,
  ReferralTargetField,
} from '@landcase/contracts';
import { referralMachine } from '@landcase/lifecycle';
import {
  executeCommand,
  guarded,
  IdempotencyKeyHeaders,
  idempotencyKeyOf,
  keyedId,
  loadOrCreate,
  type ServiceContext,
  ValidationProblem,
} from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { caseDivision, caseIdOf, namedCase } from '../case-divisions.ts';
import { referralStreamId } from '../referral.ts';
import { loadReferral, replyReferral } from '../referral-view.ts';

// A referral drafted by hand (the rules draft the statutory ones by themselves, see reactions/).

export const DraftReferralBody = Type.Object(
  {
    caseId: CaseId,
    to: ReferralTargetField,
    reason: NonEmpty('why the case is referred'),
    documents: Type.Array(DocumentRef, { maxItems: 200 }),
    divisionCode: Type.Optional({
      ...DivisionCode,
      description: "the case's division (the referral goes out in it); may be left out",
    }),
  },
  { additionalProperties: false },
);
export type DraftReferral = Static<typeof DraftReferralBody>;

/** A division given in the body must be the case's: a referral goes out in the case's division. */
export function checkDraftDivision(body: DraftReferral, caseDivisionCode: string): FieldError[] {
  return body.divisionCode === undefined || body.divisionCode === caseDivisionCode
    ? []
    : [{ path: '/divisionCode', reason: `must be the case's division ${caseDivisionCode}, or left out` }];
}

export function decideDraftReferral(
  referralId: string,
  body: DraftReferral,
  actor: Actor,
  caseDivisionCode: string,
): ReferralEvent[] {
  return [
    {
      type: 'ReferralDrafted',
      data: {
        caseId: body.caseId,
        referralId,
        from: actor.agency,
        to: body.to,
        divisionCode: caseDivisionCode,
        reason: body.reason,
        documents: body.documents,
      },
    },
  ];
}

export async function draftReferralRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Body: DraftReferral }>(
    '/referrals',
    {
      schema: {
        summary: 'Draft a referral by hand',
        tags: ['referral'],
        response: {
          201: { description: 'The new referral' },
          200: { description: 'The referral drafted before' },
        },
        body: DraftReferralBody,
        headers: IdempotencyKeyHeaders,
      },
      // The case must exist and lie in the sender's division (422 otherwise, as for one it may not see).
      ...guarded(
        'referral.referral.draft',
        (request) => namedCase(ctx.readModels, request.body),
        (request) => ({ caseId: caseIdOf(request.body) }),
      ),
    },
    async (request, reply) => {
      const actor = request.actor;
      const divisionCode = (await caseDivision(ctx.readModels, request.body.caseId))!;
      const errors = checkDraftDivision(request.body, divisionCode);
      if (errors.length > 0) throw new ValidationProblem(errors);
      // With an Idempotency-Key the id is derived from it, so a retried request finds what it made.
      const referralId = keyedId(ctx, 'landcase.referral.manual', actor, idempotencyKeyOf(request.headers));
      const { view, status } = await loadOrCreate(
        () => loadReferral(ctx, referralId),
        () =>
          executeCommand(ctx, {
            streamId: referralStreamId(referralId),
            caseId: request.body.caseId,
            machine: referralMachine,
            actor,
            expected: 'no_stream',
            decide: () => decideDraftReferral(referralId, request.body, actor, divisionCode),
          }),
      );
      return replyReferral(reply, view, status);
    },
  );
}
