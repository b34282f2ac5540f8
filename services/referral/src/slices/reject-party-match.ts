import { formatActor, NonEmpty } from '@landcase/contracts';
import { NAME_MATCH_RULE, RULE_SET, ruleOf } from '@landcase/lifecycle';
import { RuleViolation, type ServiceContext } from '@landcase/service-kit';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { confirmationPaths } from '../party-graph.ts';
import type { PartyMatchFields } from '../party-match.ts';
import { samePartyOf } from '../same-party.ts';
import { partyMatchAnswerRoute } from './party-match-answer-route.ts';

// An officer of the bureau holds the two parties to be two: nothing adds up between them, and the
// pair is never raised again (the match's id is the pair's).

export const RejectPartyMatchBody = Type.Object(
  { reason: NonEmpty('why the two parties are not one (address, age, registration, ...)') },
  { additionalProperties: false },
);

/** Refuses to hold apart two parties the records already hold one (an identifier, confirmations). */
export async function checkRejection(ctx: ServiceContext, match: PartyMatchFields): Promise<void> {
  const [a, b] = match.caseIds as [string, string];
  const path = confirmationPaths(await samePartyOf(ctx.readModels, [a]), a).get(b);
  if (path === undefined) return;
  const rule = ruleOf(RULE_SET, NAME_MATCH_RULE);
  const how =
    path.length === 0
      ? 'their parties carry the same identifier'
      : `through the confirmed matches ${path.map((c) => `${c.matchId} (${c.confirmedBy}, ${c.confirmedAt})`).join(', ')}`;
  throw new RuleViolation({
    ruleId: rule.id,
    source: rule.source,
    detail: `the parties of ${a} and ${b} are already held one party, ${how}`,
  });
}

export function rejectPartyMatchRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return partyMatchAnswerRoute(app, ctx, {
    path: 'rejection',
    summary: 'The bureau rejects the match: the two parties are two, and the pair is not raised again',
    description:
      'An officer of the bureau (nrb) of the county the cases are in, or above it. Rejecting again is 200 ' +
      'and records nothing; a confirmed match is 409; 422 when the records already hold the two parties one.',
    body: RejectPartyMatchBody,
    event: 'PartyMatchRejected',
    answered: 'rejected',
    check: checkRejection,
    decide: (match, body, actor, now) => [
      {
        type: 'PartyMatchRejected',
        data: {
          caseId: match.caseId,
          matchId: match.matchId,
          caseIds: match.caseIds,
          reason: body.reason,
          rejectedBy: formatActor(actor),
          rejectedAt: now.toISOString(),
        },
      },
    ],
  });
}
