import type { FastifyInstance } from 'fastify';
import { recordRead } from '../access.ts';
import { type AuditContext, leafProblem } from '../audit-context.ts';
import { shownFieldProblem } from '../bundle-shape.ts';
import { auditCaseCheck } from '../case-ledger.ts';
import { verifyChain } from '../chain.ts';
import { CaseIdParams } from './params.ts';

export async function verificationRoute(app: FastifyInstance, audit: AuditContext): Promise<void> {
  const { ctx, tree } = audit;
  const check = auditCaseCheck(ctx, 'audit.case.verification');
  app.get<{ Params: CaseIdParams }>(
    '/cases/:caseId/verification',
    {
      schema: {
        summary:
          "Recomputes the case's hash chain from the stored entries and checks each against the ledger's Merkle tree",
        tags: ['audit'],
        params: CaseIdParams,
      },
      ...check.options,
    },
    async (request) => {
      const { caseId } = request.params;
      const entries = check.of(request)!;
      // Synced after the entries were read, so the tree covers every position they hold.
      const treeSize = await tree.sync();
      // The service, name and agency the timeline shows beside each event must be the ones its
      // chained fields derive to; documents and missed deadlines are derived when read.
      const result = verifyChain(
        entries,
        caseId,
        (entry) =>
          shownFieldProblem(entry as never, ['service', 'name', 'agency']) ??
          leafProblem(tree, treeSize, entry),
      );
      await recordRead(
        ctx,
        request.actor,
        { caseId, view: 'verification', entries: entries.length, treeSize },
        request.id,
      );
      return { ...result, treeSize };
    },
  );
}
