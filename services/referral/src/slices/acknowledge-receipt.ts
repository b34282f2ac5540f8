import type { ReferralEvent } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { requireReceiver } from '../access.ts';
import type { ReferralFields } from '../referral.ts';
import { runReferralCommand } from '../referral-command.ts';
import { replyReferral } from '../referral-view.ts';
import { bodyOptional, EmptyBody, ReferralIdParams } from './params.ts';

// The receiving agency signs for the referral (Order 310 art. 8: the police sign a receipt).

export function decideReceipt(referral: ReferralFields, now: Date): ReferralEvent[] {
  return [
    {
      type: 'ReferralReceived',
      data: { caseId: referral.caseId, referralId: referral.referralId, receivedAt: now.toISOString() },
    },
  ];
}

export async function acknowledgeReceiptRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Params: ReferralIdParams }>(
    '/referrals/:id/receipt',
    {
      schema: {
        summary: 'The receiving agency signs for the referral',
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
        authorize: requireReceiver,
        decide: decideReceipt,
      });
      return replyReferral(reply, view);
    },
  );
}
