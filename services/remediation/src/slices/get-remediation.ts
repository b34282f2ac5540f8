import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { loadRemediation, replyRemediation } from '../remediation-view.ts';
import { CaseIdParams } from './params.ts';

export async function getRemediationRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: CaseIdParams }>(
    '/cases/:caseId',
    {
      schema: { summary: "A case's remediation", tags: ['remediation'], params: CaseIdParams },
    },
    async (request, reply) => replyRemediation(reply, await loadRemediation(ctx, request.params.caseId)),
  );
}
