import type { ReferralEvent } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ReferralFields } from '../referral.ts';
import { referralCommandRoute } from './command-route.ts';

// The head of the sending bureau decides whether to refer (State Council Order 310 art. 5:
// within 3 days of the report).

export const ApproveReferralBody = Type.Object(
  { approved: Type.Boolean(), note: Type.String({ maxLength: 4000 }) },
  { additionalProperties: false },
);
export type ApproveReferral = Static<typeof ApproveReferralBody>;

export function decideApproval(referral: ReferralFields, body: ApproveReferral): ReferralEvent[] {
  return [
    {
      type: 'ReferralApprovalDecided',
      data: {
        caseId: referral.caseId,
        referralId: referral.referralId,
        approved: body.approved,
        note: body.note,
      },
    },
  ];
}

export function approveReferralRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return referralCommandRoute(app, ctx, {
    path: 'approval',
    summary: "The sending bureau head's decision whether to refer",
    body: ApproveReferralBody,
    decide: decideApproval,
  });
}
