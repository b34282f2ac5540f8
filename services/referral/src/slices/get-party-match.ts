import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { loadVisiblePartyMatch, replyPartyMatch } from '../party-match-view.ts';
import { PartyMatchIdParams } from './params.ts';

export async function getPartyMatchRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: PartyMatchIdParams }>(
    '/party-matches/:id',
    {
      schema: {
        summary:
          'A possible same party, folded from its events (the bureau and auditors); ETag is its revision',
        tags: ['party-match'],
        params: PartyMatchIdParams,
      },
    },
    async (request, reply) =>
      replyPartyMatch(reply, await loadVisiblePartyMatch(ctx, request.actor, request.params.id)),
  );
}
