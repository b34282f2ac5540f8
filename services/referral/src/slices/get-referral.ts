import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { loadVisibleReferral, replyReferral } from '../referral-view.ts';
import { ReferralIdParams } from './params.ts';

export async function getReferralRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: ReferralIdParams }>(
    '/referrals/:id',
    {
      schema: {
        summary: 'A referral (only to the agencies party to it)',
        tags: ['referral'],
        params: ReferralIdParams,
      },
    },
    async (request, reply) =>
      replyReferral(reply, await loadVisibleReferral(ctx, request.actor, request.params.id)),
  );
}
