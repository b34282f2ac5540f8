import { NonEmpty, type ReferralEvent } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireReceiver } from '../access.ts';
import type { ReferralFields } from '../referral.ts';
import { runReferralCommand } from '../referral-command.ts';
import { replyReferral } from '../referral-view.ts';
import { ReferralIdParams } from './params.ts';

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

export async function decideFilingRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Params: ReferralIdParams; Body: DecideFiling }>(
    '/referrals/:id/decision',
    {
      schema: {
        summary: 'The receiving agency accepts or refuses the referral',
        tags: ['referral'],
        params: ReferralIdParams,
        body: DecideFilingBody,
      },
    },
    async (request, reply) => {
      const view = await runReferralCommand(ctx, {
        referralId: request.params.id,
        actor: request.actor,
        ifMatch: request.headers['if-match'],
        authorize: requireReceiver,
        decide: (referral) => decideFiling(referral, request.body),
      });
      return replyReferral(reply, view);
    },
  );
}
