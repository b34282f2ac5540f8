import {
  type Actor,
  CaseId,
  DivisionCode,
  DocumentRef,
  NonEmpty,
  type ReferralEvent,
  ReferralTargetField,
} from '@landcase/contracts';
import { referralMachine } from '@landcase/lifecycle';
import {
  executeCommand,
  IdempotencyKeyHeaders,
  idempotencyKeyOf,
  keyedId,
  loadOrCreate,
  requireAgency,
  type ServiceContext,
} from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { SENDING_AGENCIES } from '../access.ts';
import { referralStreamId } from '../referral.ts';
import { loadReferral, replyReferral } from '../referral-view.ts';

// A referral drafted by hand (the rules draft the statutory ones by themselves, see reactions/).

export const DraftReferralBody = Type.Object(
  {
    caseId: CaseId,
    to: ReferralTargetField,
    reason: NonEmpty('why the case is referred'),
    documents: Type.Array(DocumentRef, { maxItems: 200 }),
    divisionCode: Type.Optional(DivisionCode),
  },
  { additionalProperties: false },
);
export type DraftReferral = Static<typeof DraftReferralBody>;

export function decideDraftReferral(referralId: string, body: DraftReferral, actor: Actor): ReferralEvent[] {
  return [
    {
      type: 'ReferralDrafted',
      data: {
        caseId: body.caseId,
        referralId,
        from: actor.agency,
        to: body.to,
        // The sender's division unless the case sits in another one the sender acts for.
        divisionCode: body.divisionCode ?? actor.division,
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
    },
    async (request, reply) => {
      const actor = request.actor;
      requireAgency(actor, ...(SENDING_AGENCIES as Actor['agency'][]));
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
            decide: () => decideDraftReferral(referralId, request.body, actor),
          }),
      );
      return replyReferral(reply, view, status);
    },
  );
}
