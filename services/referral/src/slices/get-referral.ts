import { aggregateResponseSchema, type ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { referralCheck, replyReferral } from '../referral-view.ts';
import { ReferralIdParams } from './params.ts';

export async function getReferralRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = referralCheck(ctx, 'referral.referral.read');
  app.get<{ Params: ReferralIdParams }>(
    '/referrals/:id',
    {
      schema: {
        summary: 'A referral (only to the agencies party to it)',
        tags: ['referral'],
        params: ReferralIdParams,
        response: { 200: aggregateResponseSchema('referral') },
      },
      ...check.options,
    },
    async (request, reply) => replyReferral(reply, check.of(request)!),
  );
}
