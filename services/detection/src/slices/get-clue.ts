import { aggregateResponseSchema, type ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { replyClue } from '../clue-view.ts';
import { clueCheck } from './clue-command-route.ts';
import { CaseIdParams } from './params.ts';

export async function getClueRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = clueCheck(ctx, 'detection.clue.read');
  app.get<{ Params: CaseIdParams }>(
    '/clues/:caseId',
    {
      schema: {
        summary: 'A clue, folded from its events; ETag is its revision',
        tags: ['detection'],
        params: CaseIdParams,
        response: { 200: aggregateResponseSchema('clue') },
      },
      ...check.options,
    },
    async (request, reply) => replyClue(reply, check.of(request)!),
  );
}
