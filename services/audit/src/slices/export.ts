import type { FastifyInstance } from 'fastify';
import { recordRead } from '../access.ts';
import { type AuditContext, signHead } from '../audit-context.ts';
import { auditCaseCheck } from '../case-ledger.ts';
import { CHAIN_ALGORITHM } from '../chain.ts';
import { documentManifest } from '../document-manifest.ts';
import { timelineEntry } from '../ledger-entry.ts';
import { LEAF_ALGORITHM } from '../ledger-tree.ts';
import { toHex } from '../merkle/index.ts';
import { type AuditBundle, BUNDLE_FORMAT } from '../verify-bundle.ts';
import { CaseIdParams } from './params.ts';

export async function exportRoute(app: FastifyInstance, audit: AuditContext): Promise<void> {
  const { ctx, tree, signingKey } = audit;
  const check = auditCaseCheck(ctx, 'audit.case.export');
  app.get<{ Params: CaseIdParams }>(
    '/cases/:caseId/export',
    {
      schema: {
        summary:
          'A self-contained bundle of the case (entries, inclusion proofs, signed tree head, public key) that `landcase verify` checks offline',
        tags: ['audit'],
        params: CaseIdParams,
      },
      ...check.options,
    },
    async (request): Promise<AuditBundle> => {
      const { caseId } = request.params;
      const entries = check.of(request)!;
      // Synced after the entries were read, so the signed tree covers every position they hold.
      const treeSize = await tree.sync();
      const treeHead = signHead(audit, treeSize);
      const events = entries.map((entry) => {
        const inTree =
          Number.isSafeInteger(entry.position) && entry.position >= 1 && entry.position <= treeSize;
        return {
          ...timelineEntry(entry),
          inclusionProof: inTree ? tree.log.inclusionProof(entry.position - 1, treeSize).map(toHex) : null,
        };
      });
      await recordRead(
        ctx,
        request.actor,
        { caseId, view: 'export', entries: entries.length, treeSize },
        request.id,
      );
      return {
        format: BUNDLE_FORMAT,
        caseId,
        // The instant the head was signed: the signature covers it.
        exportedAt: treeHead.timestamp,
        algorithm: CHAIN_ALGORITHM,
        tree: LEAF_ALGORITHM,
        treeHead,
        publicKey: signingKey.publicKeyPem,
        events,
        documents: documentManifest(events),
      };
    },
  );
}
