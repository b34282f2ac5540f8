import type { ReferralEvent } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import type { ReferralFields } from '../referral.ts';
import { referralCommandRoute } from './command-route.ts';

// An approved referral is sent within 24 hours (State Council Order 310 art. 5).

export function decideDispatch(referral: ReferralFields, now: Date): ReferralEvent[] {
  return [
    {
      type: 'ReferralDispatched',
      data: { caseId: referral.caseId, referralId: referral.referralId, dispatchedAt: now.toISOString() },
    },
  ];
}

export function dispatchReferralRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return referralCommandRoute(app, ctx, {
    path: 'dispatch',
    summary: 'Send an approved referral to the receiving agency',
    decide: (referral, _body, now) => decideDispatch(referral, now),
  });
}
