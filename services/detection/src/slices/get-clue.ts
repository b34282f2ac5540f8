import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { loadClue, replyClue } from '../clue-view.ts';
import { CaseIdParams } from './params.ts';

export async function getClueRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: CaseIdParams }>(
    '/clues/:caseId',
    {
      schema: {
        summary: 'A clue, folded from its events; ETag is its revision',
        tags: ['detection'],
        params: CaseIdParams,
      },
    },
    async (request, reply) => replyClue(reply, await loadClue(ctx, request.params.caseId)),
  );
}
