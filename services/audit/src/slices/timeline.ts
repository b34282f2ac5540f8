import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { requireCaseEntries } from '../case-ledger.ts';
import { timelineEntry } from '../ledger-entry.ts';
import { CaseIdParams } from './params.ts';

export async function timelineRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: CaseIdParams }>(
    '/cases/:caseId/timeline',
    {
      schema: {
        summary: "Every event of the case from every service, in ledger order, with the chain's hashes",
        tags: ['audit'],
        params: CaseIdParams,
      },
    },
    async (request) => {
      const { caseId } = request.params;
      const entries = await requireCaseEntries(ctx, caseId);
      return { caseId, events: entries.map(timelineEntry) };
    },
  );
}
