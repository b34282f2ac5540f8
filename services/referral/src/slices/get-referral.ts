import { referralMachine } from '@landcase/lifecycle';
import {
  aggregateResponseSchema,
  commandsAllowed,
  DeadlinesRunSchema,
  deadlinesRun,
  type ServiceContext,
} from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { REFERRAL_COMMANDS } from '../commands-offered.ts';
import { referralCheck, replyReferral } from '../referral-view.ts';
import { ReferralIdParams } from './params.ts';

export async function getReferralRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = referralCheck(ctx, 'referral.referral.read');
  app.get<{ Params: ReferralIdParams }>(
    '/referrals/:id',
    {
      schema: {
        summary: 'A referral (only to the agencies party to it)',
        tags: ['referral'],
        params: ReferralIdParams,
        description:
          "`deadlines`: the referral's clock (Order 310: approve within 3 days of the draft, send within 24 " +
          'hours of the approval, decide within 3 days of the receipt; for the police), each with its due date.',
        response: {
          200: aggregateResponseSchema('referral', {
            commandsAllowed: true,
            properties: { deadlines: DeadlinesRunSchema },
          }),
        },
      },
      ...check.options,
    },
    async (request, reply) => {
      const view = check.of(request)!;
      const allowed = commandsAllowed({
        machine: referralMachine,
        snapshot: view.snapshot,
        caller: request.actor,
        facts: check.factsOf(request)!,
        offers: REFERRAL_COMMANDS,
      });
      return replyReferral(reply, view, 200, allowed, deadlinesRun(ctx, referralMachine, view.events));
    },
  );
}
