import { aggregateResponseSchema, type ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { recommendationCheck, replyRecommendation } from '../recommendation-view.ts';
import { RecommendationIdParams } from './params.ts';

export async function getRecommendationRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = recommendationCheck(ctx, 'referral.recommendation.read');
  app.get<{ Params: RecommendationIdParams }>(
    '/recommendations/:id',
    {
      schema: {
        summary: 'A recommendation (only to the procuratorate that issued it and the agency addressed)',
        tags: ['recommendation'],
        params: RecommendationIdParams,
        response: { 200: aggregateResponseSchema('recommendation') },
      },
      ...check.options,
    },
    async (request, reply) => replyRecommendation(reply, check.of(request)!),
  );
}
