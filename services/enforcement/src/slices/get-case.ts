import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { CaseIdParams } from '../case-command.ts';
import { loadCase, replyCase } from '../case-view.ts';

export async function getCaseRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: CaseIdParams }>(
    '/cases/:caseId',
    {
      schema: {
        summary: 'An enforcement case, folded from its events; ETag is its revision',
        tags: ['enforcement'],
        params: CaseIdParams,
      },
    },
    async (request, reply) => replyCase(reply, await loadCase(ctx, request.params.caseId)),
  );
}
