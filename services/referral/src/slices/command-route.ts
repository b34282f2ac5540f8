import type { Actor, ReferralEvent } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ReferralFields } from '../referral.ts';
import { runReferralCommand } from '../referral-command.ts';
import { replyReferral } from '../referral-view.ts';
import { EmptyBody, ReferralIdParams } from './params.ts';

export interface ReferralCommandRoute<B extends TSchema> {
  /** Below /referrals/:id. */
  path: string;
  summary: string;
  /** The command's data; none by default (then the body may be left out, empty or `{}`). */
  body?: B;
  /** Throws Forbidden when the actor may not do this to this referral. */
  authorize(actor: Actor, referral: ReferralFields): void;
  decide(referral: ReferralFields, body: Static<B>, now: Date): ReferralEvent[];
}

/**
 * A route that runs one command on an existing referral (runReferralCommand: 404, 403, 409,
 * If-Match) and answers with the referral as it left it.
 */
export async function referralCommandRoute<B extends TSchema>(
  app: FastifyInstance,
  ctx: ServiceContext,
  route: ReferralCommandRoute<B>,
): Promise<void> {
  app.post<{ Params: ReferralIdParams; Body: Static<B> }>(
    `/referrals/:id/${route.path}`,
    {
      schema: {
        summary: route.summary,
        tags: ['referral'],
        params: ReferralIdParams,
        body: route.body ?? EmptyBody,
      },
    },
    async (request, reply) => {
      const view = await runReferralCommand(ctx, {
        referralId: request.params.id,
        actor: request.actor,
        ifMatch: request.headers['if-match'],
        authorize: route.authorize,
        decide: (referral, now) => route.decide(referral, request.body, now),
      });
      return replyReferral(reply, view);
    },
  );
}
