import type { ReferralEvent } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { requireSender } from '../access.ts';
import type { ReferralFields } from '../referral.ts';
import { runReferralCommand } from '../referral-command.ts';
import { replyReferral } from '../referral-view.ts';
import { bodyOptional, EmptyBody, ReferralIdParams } from './params.ts';

// An approved referral is sent within 24 hours (State Council Order 310 art. 5).

export function decideDispatch(referral: ReferralFields, now: Date): ReferralEvent[] {
  return [
    {
      type: 'ReferralDispatched',
      data: { caseId: referral.caseId, referralId: referral.referralId, dispatchedAt: now.toISOString() },
    },
  ];
}

export async function dispatchReferralRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Params: ReferralIdParams }>(
    '/referrals/:id/dispatch',
    {
      schema: {
        summary: 'Send an approved referral to the receiving agency',
        tags: ['referral'],
        params: ReferralIdParams,
        body: EmptyBody,
      },
      preValidation: bodyOptional,
    },
    async (request, reply) => {
      const view = await runReferralCommand(ctx, {
        referralId: request.params.id,
        actor: request.actor,
        ifMatch: request.headers['if-match'],
        authorize: requireSender,
        decide: decideDispatch,
      });
      return replyReferral(reply, view);
    },
  );
}
