import { NonEmpty, type ReferralEvent } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ReferralFields } from '../referral.ts';
import { referralCommandRoute } from './command-route.ts';

// The receiving agency sends the case back when it finds that only an administrative penalty is
// due (Order 310 art. 13); the machine allows it on receipt or after filing, nowhere else.

export const ReturnReferralBody = Type.Object(
  { reason: NonEmpty('why only an administrative penalty is due') },
  { additionalProperties: false },
);
export type ReturnReferral = Static<typeof ReturnReferralBody>;

export function decideReturn(referral: ReferralFields, body: ReturnReferral, now: Date): ReferralEvent[] {
  return [
    {
      type: 'ReferralReturned',
      data: {
        caseId: referral.caseId,
        referralId: referral.referralId,
        reason: body.reason,
        returnedAt: now.toISOString(),
      },
    },
  ];
}

export function returnReferralRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return referralCommandRoute(app, ctx, {
    path: 'return',
    summary: 'The receiving agency sends the case back: only an administrative penalty is due',
    body: ReturnReferralBody,
    decide: decideReturn,
  });
}
