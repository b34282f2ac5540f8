import { guarded, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { type AuditContext, signHead } from '../audit-context.ts';
import { LEAF_ALGORITHM } from '../ledger-tree.ts';
import { toHex } from '../merkle/index.ts';

// The ledger's signed tree heads and consistency proofs. They name no case and hold no case data
// (sizes and hashes only), so any authenticated caller may fetch them, and fetching them is not
// recorded: whoever holds an export needs them to check it against a later head.

export const ConsistencyQuery = Type.Object(
  {
    from: Type.Integer({ minimum: 0, description: 'the older tree size' }),
    to: Type.Optional(
      Type.Integer({ minimum: 0, description: 'the newer tree size; the current one when absent' }),
    ),
  },
  { additionalProperties: false },
);
export type ConsistencyQuery = Static<typeof ConsistencyQuery>;

export async function treeHeadRoutes(app: FastifyInstance, audit: AuditContext): Promise<void> {
  const { tree, signingKey } = audit;

  app.get(
    '/tree-head',
    {
      schema: {
        summary: "The ledger's current signed tree head (RFC 6962 Merkle tree, Ed25519) and its public key",
        tags: ['audit'],
      },
      ...guarded('audit.ledger.tree-head'),
    },
    async () => {
      const size = await tree.sync();
      return { ...signHead(audit, size), tree: LEAF_ALGORITHM, publicKey: signingKey.publicKeyPem };
    },
  );

  app.get<{ Querystring: ConsistencyQuery }>(
    '/consistency',
    {
      schema: {
        summary: 'Proof that the ledger tree of size `from` is a prefix of the tree of size `to`',
        tags: ['audit'],
        querystring: ConsistencyQuery,
      },
      ...guarded('audit.ledger.consistency'),
    },
    async (request) => {
      const size = await tree.sync();
      const { from } = request.query;
      const to = request.query.to ?? size;
      if (to > size) {
        throw new ValidationProblem([{ path: '/to', reason: `exceeds the ledger's size ${size}` }]);
      }
      if (from > to) throw new ValidationProblem([{ path: '/from', reason: `exceeds to (${to})` }]);
      return {
        from,
        to,
        fromRoot: toHex(tree.log.root(from)),
        proof: tree.log.consistencyProof(from, to).map(toHex),
        treeHead: signHead(audit, to),
        publicKey: signingKey.publicKeyPem,
      };
    },
  );
}
