import { recommendationMachine } from '@landcase/lifecycle';
import { aggregateResponseSchema, commandsAllowed, type ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { RECOMMENDATION_COMMANDS } from '../commands-offered.ts';
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
        response: { 200: aggregateResponseSchema('recommendation', { commandsAllowed: true }) },
      },
      ...check.options,
    },
    async (request, reply) => {
      const view = check.of(request)!;
      const allowed = commandsAllowed({
        machine: recommendationMachine,
        snapshot: view.snapshot,
        caller: request.actor,
        facts: check.factsOf(request)!,
        offers: RECOMMENDATION_COMMANDS,
      });
      return replyRecommendation(reply, view, 200, allowed);
    },
  );
}
