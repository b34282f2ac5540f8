import type { FastifyInstance } from 'fastify';
import { accessChainOf, accessLog, recordRead } from '../access.ts';
import type { AuditContext } from '../audit-context.ts';
import { auditCaseCheck } from '../case-ledger.ts';
import { caseEntries } from '../ledger.ts';
import { CaseIdParams } from './params.ts';

export async function accessLogRoute(app: FastifyInstance, { ctx }: AuditContext): Promise<void> {
  const check = auditCaseCheck(ctx, 'audit.case.access-log');
  app.get<{ Params: CaseIdParams }>(
    '/cases/:caseId/access-log',
    {
      schema: {
        summary:
          "Who read the case's audit data, what and when (auditors only); each read with its ledger position once chained",
        tags: ['audit'],
        params: CaseIdParams,
      },
      ...check.options,
    },
    async (request) => {
      const { caseId } = request.params;
      const reads = await accessLog(ctx, caseId);
      const ledgered = new Map(
        (await caseEntries(ctx.readModels, accessChainOf(caseId))).map((e) => [e.id, e] as const),
      );
      await recordRead(ctx, request.actor, { caseId, view: 'access-log', entries: reads.length }, request.id);
      return {
        caseId,
        chain: accessChainOf(caseId),
        reads: reads.map((r) => {
          const entry = ledgered.get(r.id);
          return entry ? { ...r, position: entry.position, hash: entry.hash } : r;
        }),
      };
    },
  );
}
