import { guarded } from '@landcase/service-kit';
import type { FastifyInstance } from 'fastify';
import { recordRead } from '../access.ts';
import { type AuditContext, leafProblem } from '../audit-context.ts';
import { shownFieldProblem } from '../bundle-shape.ts';
import { auditCaseCheck } from '../case-ledger.ts';
import { verifyChain } from '../chain.ts';
import { ledgerRange } from '../ledger.ts';
import { timelineEntry } from '../ledger-entry.ts';
import { toHex } from '../merkle/index.ts';
import { WholeLedgerCheck } from '../verify-ledger.ts';
import { CaseIdParams } from './params.ts';

/** Entries read per page while the whole ledger is verified. */
const PAGE = 5000;

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

  // The whole ledger at once: every entry read in position order, each case's chain and shown
  // fields checked as it comes by, and the Merkle root recomputed once over all the leaves and
  // compared with the tree's (O(n) hashes; no leaf looked up, no proof made). It names no case and
  // holds no case data, so it is not recorded as a read of any.
  app.get(
    '/verification',
    {
      schema: {
        summary:
          "Recomputes every case's chain from the stored entries and the Merkle root over all of them, against the ledger's tree",
        tags: ['audit'],
      },
      ...guarded('audit.ledger.verification'),
    },
    async () => {
      const treeSize = await tree.sync();
      const rootHash = toHex(tree.log.root(treeSize));
      const check = new WholeLedgerCheck();
      for (let from = 1; from <= treeSize; from += PAGE) {
        const docs = await ledgerRange(ctx.readModels, from, Math.min(treeSize, from + PAGE - 1));
        for (const doc of docs) {
          const failed = check.add(timelineEntry(doc));
          if (failed) return { ...failed, treeSize, rootHash };
        }
      }
      return { ...check.finish({ treeSize, rootHash }), treeSize, rootHash };
    },
  );
}
