import { type Static, Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';

export const ReferralIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 200, description: 'referral id' }) },
  { additionalProperties: false },
);
export type ReferralIdParams = Static<typeof ReferralIdParams>;

/** Commands that carry no data still take a JSON object, so that a stray field is reported. */
export const EmptyBody = Type.Object({}, { additionalProperties: false });

/** Lets a command without data be sent without a body at all (it is then checked as `{}`). */
export async function bodyOptional(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

export const RecommendationIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 200, description: 'recommendation id' }) },
  { additionalProperties: false },
);
export type RecommendationIdParams = Static<typeof RecommendationIdParams>;

export const PartyMatchIdParams = Type.Object(
  {
    id: Type.String({
      minLength: 3,
      maxLength: 300,
      description: 'possible same party id: <caseId>~<caseId>',
    }),
  },
  { additionalProperties: false },
);
export type PartyMatchIdParams = Static<typeof PartyMatchIdParams>;
