import { formatActor, NonEmpty } from '@landcase/contracts';
import { NAME_MATCH_RULE, RULE_SET, ruleOf } from '@landcase/lifecycle';
import { RuleViolation, type ServiceContext } from '@landcase/service-kit';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { conflictOf, joined } from '../party-graph.ts';
import type { PartyMatchFields } from '../party-match.ts';
import { samePartyOf } from '../same-party.ts';
import { partyMatchAnswerRoute } from './party-match-answer-route.ts';

// An officer of the bureau holds the two parties to be one: from then on their occupations add up
// (the reaction add-up-on-party-match drafts what the sum calls for), and the referral names who
// confirmed it and when.

export const ConfirmPartyMatchBody = Type.Object(
  {
    basis: NonEmpty(
      'what the officer relied on: a household register or business registration check, the party’s own statement, ...',
    ),
  },
  { additionalProperties: false },
);

/**
 * Refuses to join parties the records already hold apart: two different identifiers would become
 * one party, or the bureau rejected a match between the two sides.
 */
export async function checkConfirmation(ctx: ServiceContext, match: PartyMatchFields): Promise<void> {
  const [a, b] = match.caseIds as [string, string];
  const conflict = conflictOf(
    joined(await samePartyOf(ctx.readModels, [a]), await samePartyOf(ctx.readModels, [b])),
  );
  if (conflict === null) return;
  const rule = ruleOf(RULE_SET, NAME_MATCH_RULE);
  throw new RuleViolation({
    ruleId: rule.id,
    source: rule.source,
    detail: `${a} and ${b} cannot be confirmed one party: ${conflict}`,
  });
}

export function confirmPartyMatchRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return partyMatchAnswerRoute(app, ctx, {
    path: 'confirmation',
    summary: 'The bureau confirms that the two parties are one: their occupations add up',
    description:
      'An officer of the bureau (nrb) of the county the cases are in, or above it. Confirming again is 200 ' +
      'and records nothing; a rejected match is 409; 422 when the two sides carry different identifiers or ' +
      'were held apart by a rejection.',
    body: ConfirmPartyMatchBody,
    event: 'PartyMatchConfirmed',
    answered: 'confirmed',
    check: checkConfirmation,
    decide: (match, body, actor, now) => [
      {
        type: 'PartyMatchConfirmed',
        data: {
          caseId: match.caseId,
          matchId: match.matchId,
          caseIds: match.caseIds,
          basis: body.basis,
          confirmedBy: formatActor(actor),
          confirmedAt: now.toISOString(),
        },
      },
    ],
  });
}
