import { NonEmpty, type ReferralEvent } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireSender } from '../access.ts';
import type { ReferralFields } from '../referral.ts';
import { runReferralCommand } from '../referral-command.ts';
import { replyReferral } from '../referral-view.ts';
import { ReferralIdParams } from './params.ts';

// After a refusal the sender may ask for reconsideration (Order 310 art. 9: within 3 days);
// the machine allows it only from the refused state.

export const RequestReconsiderationBody = Type.Object(
  { reason: NonEmpty('why the refusal should be reconsidered') },
  { additionalProperties: false },
);
export type RequestReconsideration = Static<typeof RequestReconsiderationBody>;

export function decideReconsideration(
  referral: ReferralFields,
  body: RequestReconsideration,
): ReferralEvent[] {
  return [
    {
      type: 'ReconsiderationRequested',
      data: { caseId: referral.caseId, referralId: referral.referralId, reason: body.reason },
    },
  ];
}

export async function requestReconsiderationRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Params: ReferralIdParams; Body: RequestReconsideration }>(
    '/referrals/:id/reconsideration',
    {
      schema: {
        summary: 'Ask the receiving agency to reconsider a refusal',
        tags: ['referral'],
        params: ReferralIdParams,
        body: RequestReconsiderationBody,
      },
    },
    async (request, reply) => {
      const view = await runReferralCommand(ctx, {
        referralId: request.params.id,
        actor: request.actor,
        ifMatch: request.headers['if-match'],
        authorize: requireSender,
        decide: (referral) => decideReconsideration(referral, request.body),
      });
      return replyReferral(reply, view);
    },
  );
}
