import { type Static, Type } from '@sinclair/typebox';

export const ReferralIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 200, description: 'referral id' }) },
  { additionalProperties: false },
);
export type ReferralIdParams = Static<typeof ReferralIdParams>;

/**
 * Commands that carry no data take a JSON object, so that a stray field is reported; service-kit
 * lets them be sent with no body or an empty one instead.
 */
export const EmptyBody = Type.Object({}, { additionalProperties: false });

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
