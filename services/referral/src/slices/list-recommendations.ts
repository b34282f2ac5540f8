import { RecommendationAddresseeField } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { recommendationPartyFilter } from '../access.ts';
import { RECOMMENDATIONS_COLLECTION, type RecommendationDoc } from '../projections/recommendations.ts';
import { listFilter } from './list-referrals.ts';

export const ListRecommendationsQuery = Type.Object(
  {
    caseId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    to: Type.Optional(RecommendationAddresseeField),
    state: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type ListRecommendations = Static<typeof ListRecommendationsQuery>;

function publicFields(doc: RecommendationDoc): Record<string, unknown> {
  // Adapters may keep bookkeeping beside a document (its version); it is not part of the API.
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_')));
}

export async function listRecommendationsRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: ListRecommendations }>(
    '/recommendations',
    {
      schema: {
        summary: 'Recommendations the caller issued or received, newest first',
        tags: ['recommendation'],
        querystring: ListRecommendationsQuery,
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const filter = listFilter(request.query, recommendationPartyFilter(request.actor));
      if (!filter) return { items: [], total: 0, limit, offset };
      const recommendations = ctx.readModels.collection<RecommendationDoc>(RECOMMENDATIONS_COLLECTION);
      const [docs, total] = await Promise.all([
        recommendations.find(filter, { limit, skip: offset, sort: { field: 'issuedAt', direction: -1 } }),
        recommendations.count(filter),
      ]);
      return { items: docs.map(publicFields), total, limit, offset };
    },
  );
}
