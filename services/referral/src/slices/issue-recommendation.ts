import {
  type Actor,
  CaseId,
  DivisionCode,
  DocumentRef,
  NonEmpty,
  RecommendationAddresseeField,
  type ReferralEvent,
  Timestamp,
} from '@landcase/contracts';
import { recommendationMachine } from '@landcase/lifecycle';
import {
  executeCommand,
  guarded,
  IdempotencyKeyHeaders,
  idempotencyKeyOf,
  keyedId,
  loadOrCreate,
  type ServiceContext,
  ValidationProblem,
} from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { caseDivision, caseIdOf, namedCase } from '../case-divisions.ts';
import { recommendationStreamId } from '../recommendation.ts';
import { loadRecommendation, replyRecommendation } from '../recommendation-view.ts';

// The procuratorate records a recommendation (检察建议) it served on an agency; the reply period
// (2 months, or 15 days where the harm is growing) runs from `issuedAt`.

export const IssueRecommendationBody = Type.Object(
  {
    caseId: CaseId,
    to: RecommendationAddresseeField,
    divisionCode: DivisionCode,
    content: NonEmpty('what the procuratorate found and recommends'),
    harmGrowing: Type.Boolean({ description: 'the harm is growing: the reply is due within 15 days' }),
    // The recommendation itself (检察建议书) is a document, so there is at least one.
    documents: Type.Array(DocumentRef, { minItems: 1, maxItems: 200 }),
    issuedAt: Type.Optional({ ...Timestamp, description: 'when it was served; default now' }),
  },
  { additionalProperties: false },
);
export type IssueRecommendation = Static<typeof IssueRecommendationBody>;

/** Served when recorded, unless the body says earlier; a service in the future is refused. */
export function issuedAtOf(body: IssueRecommendation, now: Date): string {
  if (body.issuedAt === undefined) return now.toISOString();
  if (Date.parse(body.issuedAt) > now.getTime()) {
    throw new ValidationProblem([{ path: '/issuedAt', reason: 'is in the future' }]);
  }
  return body.issuedAt;
}

export function decideIssueRecommendation(
  recommendationId: string,
  body: IssueRecommendation,
  actor: Actor,
  now: Date,
): ReferralEvent[] {
  return [
    {
      type: 'RecommendationIssued',
      data: {
        caseId: body.caseId,
        recommendationId,
        from: actor.agency,
        to: body.to,
        divisionCode: body.divisionCode,
        content: body.content,
        harmGrowing: body.harmGrowing,
        documents: body.documents,
        issuedAt: issuedAtOf(body, now),
      },
    },
  ];
}

export async function issueRecommendationRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Body: IssueRecommendation }>(
    '/recommendations',
    {
      schema: {
        summary: 'The procuratorate records a recommendation served on an agency',
        tags: ['recommendation'],
        response: {
          201: { description: 'The new recommendation' },
          200: { description: 'The one recorded before' },
        },
        body: IssueRecommendationBody,
        headers: IdempotencyKeyHeaders,
      },
      // The case must exist and lie in the procuratorate's divisions (422 otherwise).
      ...guarded(
        'referral.recommendation.issue',
        (request) => namedCase(ctx.readModels, request.body),
        (request) => ({ caseId: caseIdOf(request.body) }),
      ),
    },
    async (request, reply) => {
      const actor = request.actor;
      const divisionCode = await caseDivision(ctx.readModels, request.body.caseId);
      if (request.body.divisionCode !== divisionCode) {
        throw new ValidationProblem([
          { path: '/divisionCode', reason: `must be the case's division ${divisionCode}` },
        ]);
      }
      // With an Idempotency-Key the id is derived from it, so a retried request finds what it made.
      const id = keyedId(ctx, 'landcase.referral.recommendation', actor, idempotencyKeyOf(request.headers));
      const { view, status } = await loadOrCreate(
        () => loadRecommendation(ctx, id),
        () =>
          executeCommand(ctx, {
            streamId: recommendationStreamId(id),
            caseId: request.body.caseId,
            machine: recommendationMachine,
            actor,
            expected: 'no_stream',
            decide: () => decideIssueRecommendation(id, request.body, actor, ctx.clock.now()),
          }),
      );
      return replyRecommendation(reply, view, status);
    },
  );
}
