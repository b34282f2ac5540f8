import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { requireCaseEntries } from '../case-ledger.ts';
import { verifyChain } from '../chain.ts';
import { CaseIdParams } from './params.ts';

export async function verificationRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: CaseIdParams }>(
    '/cases/:caseId/verification',
    {
      schema: {
        summary: "Recomputes the case's hash chain from the stored entries",
        tags: ['audit'],
        params: CaseIdParams,
      },
    },
    async (request) => {
      const { caseId } = request.params;
      return verifyChain(await requireCaseEntries(ctx, caseId), caseId);
    },
  );
}
