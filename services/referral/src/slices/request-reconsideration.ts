import { NonEmpty, type ReferralEvent } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ReferralFields } from '../referral.ts';
import { referralCommandRoute } from './command-route.ts';

// After a refusal the sender may ask for reconsideration (Order 310 art. 9: within 3 days);
// the machine allows it only from the refused state.

export const RequestReconsiderationBody = Type.Object(
  { reason: NonEmpty('why the refusal should be reconsidered') },
  { additionalProperties: false },
);
export type RequestReconsideration = Static<typeof RequestReconsiderationBody>;

export function decideReconsideration(
  referral: ReferralFields,
  body: RequestReconsideration,
): ReferralEvent[] {
  return [
    {
      type: 'ReconsiderationRequested',
      data: { caseId: referral.caseId, referralId: referral.referralId, reason: body.reason },
    },
  ];
}

export function requestReconsiderationRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return referralCommandRoute(app, ctx, {
    path: 'reconsideration',
    summary: 'Ask the receiving agency to reconsider a refusal',
    body: RequestReconsiderationBody,
    decide: decideReconsideration,
  });
}
