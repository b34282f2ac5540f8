import { DocumentRef, NonEmpty, type ReferralEvent } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ReferralFields } from '../referral.ts';
import { referralCommandRoute } from './command-route.ts';

// The receiving agency reports the outcome of the referred case back to the sender.

export const GiveFeedbackBody = Type.Object(
  {
    outcome: NonEmpty('what became of the referred case'),
    documents: Type.Array(DocumentRef, { maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type GiveFeedback = Static<typeof GiveFeedbackBody>;

export function decideFeedback(referral: ReferralFields, body: GiveFeedback): ReferralEvent[] {
  return [
    {
      type: 'FeedbackGiven',
      data: {
        caseId: referral.caseId,
        referralId: referral.referralId,
        outcome: body.outcome,
        documents: body.documents,
      },
    },
  ];
}

export function giveFeedbackRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return referralCommandRoute(app, ctx, {
    path: 'feedback',
    summary: 'The receiving agency reports the outcome',
    body: GiveFeedbackBody,
    decide: decideFeedback,
  });
}
