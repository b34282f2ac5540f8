import { aggregateResponseSchema, type ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { partyMatchCheck, replyPartyMatch } from '../party-match-view.ts';
import { PartyMatchIdParams } from './params.ts';

export async function getPartyMatchRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = partyMatchCheck(ctx, 'referral.party-match.read');
  app.get<{ Params: PartyMatchIdParams }>(
    '/party-matches/:id',
    {
      schema: {
        summary:
          'A possible same party, folded from its events (the bureau and auditors); ETag is its revision',
        tags: ['party-match'],
        params: PartyMatchIdParams,
        response: { 200: aggregateResponseSchema('possible same party') },
      },
      ...check.options,
    },
    async (request, reply) => replyPartyMatch(reply, check.of(request)!),
  );
}
