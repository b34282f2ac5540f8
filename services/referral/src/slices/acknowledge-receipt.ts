import type { ReferralEvent } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import type { ReferralFields } from '../referral.ts';
import { referralCommandRoute } from './command-route.ts';

// The receiving agency signs for the referral (Order 310 art. 8: the police sign a receipt).

export function decideReceipt(referral: ReferralFields, now: Date): ReferralEvent[] {
  return [
    {
      type: 'ReferralReceived',
      data: { caseId: referral.caseId, referralId: referral.referralId, receivedAt: now.toISOString() },
    },
  ];
}

export function acknowledgeReceiptRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return referralCommandRoute(app, ctx, {
    path: 'receipt',
    summary: 'The receiving agency signs for the referral',
    decide: (referral, _body, now) => decideReceipt(referral, now),
  });
}
