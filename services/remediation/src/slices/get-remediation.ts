import { aggregateResponseSchema, type ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { remediationCheck, replyRemediation } from '../remediation-view.ts';
import { CaseIdParams } from './params.ts';

export async function getRemediationRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = remediationCheck(ctx, 'remediation.remediation.read');
  app.get<{ Params: CaseIdParams }>(
    '/cases/:caseId',
    {
      schema: {
        summary: "A case's remediation",
        tags: ['remediation'],
        params: CaseIdParams,
        response: { 200: aggregateResponseSchema('remediation') },
      },
      ...check.options,
    },
    async (request, reply) => replyRemediation(reply, check.of(request)!),
  );
}
