import type { Actor, ReferralEvent } from '@landcase/contracts';
import type { AccessKey, referralMachine } from '@landcase/lifecycle';
import type { ServiceContext } from '@landcase/service-kit';
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { SnapshotFrom } from 'xstate';
import type { ReferralFields } from '../referral.ts';
import { runReferralCommand } from '../referral-command.ts';
import { referralCheck, replyReferral } from '../referral-view.ts';
import { EmptyBody, ReferralIdParams } from './params.ts';

export interface ReferralCommandRoute<B extends TSchema> {
  /** Below /referrals/:id; the access policy's entry is `referral.referral.<path>`. */
  path: string;
  summary: string;
  /** The command's data; none by default (then the body may be left out, empty or `{}`). */
  body?: B;
  /** `snapshot`: the referral's machine before the command (a rule is checked only where it takes the event). */
  decide(
    referral: ReferralFields,
    body: Static<B>,
    now: Date,
    actor: Actor,
    snapshot: SnapshotFrom<typeof referralMachine>,
  ): ReferralEvent[];
}

/**
 * A route that runs one command on an existing referral (404 when the caller may not see it, 403
 * when the access policy refuses, 409 from the machine, If-Match) and answers with the referral as
 * it left it.
 */
export async function referralCommandRoute<B extends TSchema>(
  app: FastifyInstance,
  ctx: ServiceContext,
  route: ReferralCommandRoute<B>,
): Promise<void> {
  const check = referralCheck(ctx, `referral.referral.${route.path}` as AccessKey);
  app.post<{ Params: ReferralIdParams; Body: Static<B> }>(
    `/referrals/:id/${route.path}`,
    {
      schema: {
        summary: route.summary,
        description: "Honours If-Match (the referral's revision).",
        tags: ['referral'],
        params: ReferralIdParams,
        body: route.body ?? EmptyBody,
      },
      ...check.options,
    },
    async (request, reply) => {
      const view = await runReferralCommand(ctx, {
        before: check.of(request)!,
        actor: request.actor,
        ifMatch: request.headers['if-match'],
        requestId: request.id,
        decide: (referral, now, snapshot) =>
          route.decide(referral, request.body, now, request.actor, snapshot),
      });
      return replyReferral(reply, view);
    },
  );
}
