import type { ServiceContext } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { requireCaseEntries } from '../case-ledger.ts';
import { CHAIN_ALGORITHM } from '../chain.ts';
import { timelineEntry } from '../ledger-entry.ts';
import type { AuditBundle } from '../verify-bundle.ts';
import { CaseIdParams } from './params.ts';

export async function exportRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: CaseIdParams }>(
    '/cases/:caseId/export',
    {
      schema: {
        summary: 'A self-contained bundle of the case that `landcase verify` checks offline',
        tags: ['audit'],
        params: CaseIdParams,
      },
    },
    async (request): Promise<AuditBundle> => {
      const { caseId } = request.params;
      const entries = await requireCaseEntries(ctx, caseId);
      return {
        caseId,
        exportedAt: ctx.clock.now().toISOString(),
        algorithm: CHAIN_ALGORITHM,
        events: entries.map(timelineEntry),
      };
    },
  );
}
