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
        description:
          '`partyMatches`: the possible same parties (疑似同一当事人) the referral service raised between this ' +
          "case and another, with the other case and the bureau's answer, for the bureau and auditors.",
        tags: ['enforcement'],
        params: CaseIdParams,
      },
    },
    async (request, reply) =>
      replyCase(ctx, reply, await loadCase(ctx, request.params.caseId), request.actor),
  );
}
