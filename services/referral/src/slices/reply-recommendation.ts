import { DocumentRef, NonEmpty, type ReferralEvent } from '@landcase/contracts';
import { recommendationMachine } from '@landcase/lifecycle';
import { executeCommand, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  type RecommendationFields,
  recommendationFields,
  recommendationStreamId,
} from '../recommendation.ts';
import { loadRecommendation, recommendationCheck, replyRecommendation } from '../recommendation-view.ts';
import { RecommendationIdParams } from './params.ts';

// The addressed agency replies in writing with the measures it took; a late reply is still taken.

export const ReplyRecommendationBody = Type.Object(
  {
    measures: NonEmpty('what the agency did about the recommendation'),
    documents: Type.Array(DocumentRef, { maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type ReplyRecommendation = Static<typeof ReplyRecommendationBody>;

export function decideReply(
  recommendation: RecommendationFields,
  body: ReplyRecommendation,
  now: Date,
): ReferralEvent[] {
  return [
    {
      type: 'RecommendationReplied',
      data: {
        caseId: recommendation.caseId,
        recommendationId: recommendation.recommendationId,
        measures: body.measures,
        documents: body.documents,
        repliedAt: now.toISOString(),
      },
    },
  ];
}

export async function replyRecommendationRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = recommendationCheck(ctx, 'referral.recommendation.reply');
  app.post<{ Params: RecommendationIdParams; Body: ReplyRecommendation }>(
    '/recommendations/:id/reply',
    {
      schema: {
        summary: 'The addressed agency replies to a recommendation',
        tags: ['recommendation'],
        params: RecommendationIdParams,
        body: ReplyRecommendationBody,
      },
      ...check.options,
    },
    async (request, reply) => {
      const before = check.of(request)!;
      await executeCommand(ctx, {
        streamId: recommendationStreamId(before.recommendationId),
        caseId: before.caseId,
        machine: recommendationMachine,
        actor: request.actor,
        ifMatch: request.headers['if-match'],
        requestId: request.id,
        history: before.events,
        decide: (_snapshot, events) =>
          decideReply(recommendationFields(events) ?? before.fields, request.body, ctx.clock.now()),
      });
      // Read back: the fields carry the times the store recorded.
      return replyRecommendation(reply, await loadRecommendation(ctx, before.recommendationId));
    },
  );
}
