import { type Static, Type } from '@sinclair/typebox';

export const ReferralIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 200, description: 'referral id' }) },
  { additionalProperties: false },
);
export type ReferralIdParams = Static<typeof ReferralIdParams>;

/** Commands that carry no data still take a JSON object, so that a stray field is reported. */
export const EmptyBody = Type.Object({}, { additionalProperties: false });
