import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { loadVisibleRecommendation, replyRecommendation } from '../recommendation-view.ts';
import { RecommendationIdParams } from './params.ts';

export async function getRecommendationRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: RecommendationIdParams }>(
    '/recommendations/:id',
    {
      schema: {
        summary: 'A recommendation (only to the procuratorate that issued it and the agency addressed)',
        tags: ['recommendation'],
        params: RecommendationIdParams,
      },
    },
    async (request, reply) =>
      replyRecommendation(reply, await loadVisibleRecommendation(ctx, request.actor, request.params.id)),
  );
}
