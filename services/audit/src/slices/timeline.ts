import type { FastifyInstance } from 'fastify';
import { recordRead } from '../access.ts';
import type { AuditContext } from '../audit-context.ts';
import { auditCaseCheck } from '../case-ledger.ts';
import { timelineEntry } from '../ledger-entry.ts';
import { CaseIdParams } from './params.ts';

export async function timelineRoute(app: FastifyInstance, { ctx }: AuditContext): Promise<void> {
  const check = auditCaseCheck(ctx, 'audit.case.timeline');
  app.get<{ Params: CaseIdParams }>(
    '/cases/:caseId/timeline',
    {
      schema: {
        summary:
          "Every event of the case from every service, in ledger order, with the chain's hashes, actor, agency, documents and missed deadlines",
        tags: ['audit'],
        params: CaseIdParams,
      },
      ...check.options,
    },
    async (request) => {
      const { caseId } = request.params;
      const entries = check.of(request)!;
      const events = entries.map(timelineEntry);
      const deadlinesMissed = events.filter((e) => e.deadlineMissed).length;
      await recordRead(ctx, request.actor, { caseId, view: 'timeline', entries: entries.length }, request.id);
      return { caseId, deadlinesMissed, events };
    },
  );
}
