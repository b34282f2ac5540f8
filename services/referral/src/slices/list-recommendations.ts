import { RecommendationAddresseeField } from '@landcase/contracts';
import {
  DUE_LIST_DESCRIPTION,
  dueReading,
  findPage,
  listFilter,
  listQuerySchema,
  listResponseSchema,
  type ServiceContext,
  visibleFilter,
} from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { RECOMMENDATIONS_COLLECTION } from '../projections/recommendations.ts';

export const ListRecommendationsQuery = listQuerySchema(
  {
    caseId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    to: Type.Optional(RecommendationAddresseeField),
  },
  { noun: 'recommendation' },
);
export type ListRecommendations = Static<typeof ListRecommendationsQuery>;

export async function listRecommendationsRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: ListRecommendations }>(
    '/recommendations',
    {
      schema: {
        summary: 'Recommendations the caller issued or received, newest first',
        description:
          '`agency`: recommendations that wait for that agency (the addressee to reply), among those the ' +
          'caller issued or received; `overdue`: whether the reply deadline of the state the recommendation ' +
          'is in was missed; `withinDivision`: the division and those under it.' +
          DUE_LIST_DESCRIPTION,
        tags: ['recommendation'],
        response: { 200: listResponseSchema('recommendation') },
        querystring: ListRecommendationsQuery,
      },
      config: { access: 'referral.recommendation.list' },
    },
    async (request) => {
      const due = dueReading(ctx);
      return findPage(
        ctx.readModels.collection(RECOMMENDATIONS_COLLECTION),
        listFilter(request.query, {
          fields: ['caseId', 'to'],
          visible: visibleFilter(request.actor),
          due,
        }),
        request.query,
        { field: 'issuedAt', direction: -1 },
        due,
      );
    },
  );
}
