import { NonEmpty, type ReferralEvent } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ReferralFields } from '../referral.ts';
import { referralCommandRoute } from './command-route.ts';

// The receiving agency accepts (files) the referred case or refuses it with reasons
// (Order 310 art. 8: the police decide within 3 days).

export const DecideFilingBody = Type.Object(
  {
    accepted: Type.Boolean(),
    reason: NonEmpty('grounds of the decision'),
    filingNo: Type.Optional(NonEmpty('filing number, when accepted')),
  },
  { additionalProperties: false },
);
export type DecideFiling = Static<typeof DecideFilingBody>;

export function decideFiling(referral: ReferralFields, body: DecideFiling): ReferralEvent[] {
  return [
    {
      type: 'ReferralDecided',
      data: {
        caseId: referral.caseId,
        referralId: referral.referralId,
        accepted: body.accepted,
        reason: body.reason,
        ...(body.filingNo !== undefined ? { filingNo: body.filingNo } : {}),
      },
    },
  ];
}

export function decideFilingRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return referralCommandRoute(app, ctx, {
    path: 'decision',
    summary: 'The receiving agency accepts or refuses the referral',
    body: DecideFilingBody,
    decide: decideFiling,
  });
}
