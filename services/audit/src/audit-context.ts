import type { ServiceContext } from '@landcase/service-kit';
import { type LedgerTree, leafOf } from './ledger-tree.ts';
import { equalBytes, type SignedTreeHead, signTreeHead, toHex } from './merkle/index.ts';
import type { SigningKey } from './signing-key.ts';

/** What the audit routes work with: the service's ports, the ledger's tree and the signing key. */
export interface AuditContext {
  ctx: ServiceContext;
  tree: LedgerTree;
  signingKey: SigningKey;
}

/** A signed head of the tree of the first `size` ledger positions, stamped with the clock. */
export function signHead(audit: AuditContext, size: number): SignedTreeHead {
  return signTreeHead(
    {
      treeSize: size,
      rootHash: toHex(audit.tree.log.root(size)),
      timestamp: audit.ctx.clock.now().toISOString(),
    },
    audit.signingKey.privateKey,
  );
}

/** Why a stored entry is not the leaf the tree holds at its position, or undefined when it is. */
export function leafProblem(
  tree: LedgerTree,
  size: number,
  entry: { position: number; hash: string },
): string | undefined {
  const { position } = entry;
  if (!Number.isSafeInteger(position) || position < 1 || position > size) {
    return `position ${position} is outside the ledger tree of ${size} entries`;
  }
  if (!equalBytes(tree.log.leaf(position - 1), leafOf(entry.hash))) {
    return 'the entry is not the leaf the ledger tree holds at its position';
  }
  return undefined;
}
