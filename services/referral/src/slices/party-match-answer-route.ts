import type { Actor, ReferralEvent } from '@landcase/contracts';
import { type AccessKey, partyMatchMachine, stateString } from '@landcase/lifecycle';
import { executeCommand, type ServiceContext } from '@landcase/service-kit';
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { type PartyMatchFields, partyMatchFields, partyMatchStreamId } from '../party-match.ts';
import { loadPartyMatch, partyMatchCheck, replyPartyMatch } from '../party-match-view.ts';
import { PartyMatchIdParams } from './params.ts';

export interface PartyMatchAnswerRoute<B extends TSchema> {
  /** Below /party-matches/:id; the access policy's entry is `referral.party-match.<path>`. */
  path: string;
  summary: string;
  description: string;
  body: B;
  event: 'PartyMatchConfirmed' | 'PartyMatchRejected';
  /** Where this answer leaves the match: given again there, it changes nothing and answers 200. */
  answered: 'confirmed' | 'rejected';
  /** Throws RuleViolation when the records contradict the answer (checked while the match waits). */
  check(ctx: ServiceContext, match: PartyMatchFields): Promise<void>;
  decide(match: PartyMatchFields, body: Static<B>, actor: Actor, now: Date): ReferralEvent[];
}

/**
 * The bureau's answer to a possible same party: an officer (or head) of the bureau of the cases'
 * county or above it; 404 for an unknown match, 409 once it has the other answer, 422 when the
 * records contradict it, If-Match honoured. The same answer again is 200 and records nothing.
 */
export async function partyMatchAnswerRoute<B extends TSchema>(
  app: FastifyInstance,
  ctx: ServiceContext,
  route: PartyMatchAnswerRoute<B>,
): Promise<void> {
  const check = partyMatchCheck(ctx, `referral.party-match.${route.path}` as AccessKey);
  app.post<{ Params: PartyMatchIdParams; Body: Static<B> }>(
    `/party-matches/:id/${route.path}`,
    {
      schema: {
        summary: route.summary,
        description: route.description,
        tags: ['party-match'],
        params: PartyMatchIdParams,
        body: route.body,
      },
      ...check.options,
    },
    async (request, reply) => {
      const actor = request.actor;
      const id = request.params.id;
      const before = check.of(request)!;
      if (stateString(before.snapshot) === route.answered) return replyPartyMatch(reply, before);
      if (stateString(before.snapshot) === 'suspected') await route.check(ctx, before.fields);
      await executeCommand(ctx, {
        streamId: partyMatchStreamId(id),
        caseId: before.caseId,
        machine: partyMatchMachine,
        actor,
        ifMatch: request.headers['if-match'],
        requestId: request.id,
        // Answered the same way since it was read (a double click): nothing more to record.
        decide: (snapshot, events) =>
          stateString(snapshot) === route.answered
            ? []
            : route.decide(partyMatchFields(events) ?? before.fields, request.body, actor, ctx.clock.now()),
      });
      return replyPartyMatch(reply, await loadPartyMatch(ctx, id));
    },
  );
}
