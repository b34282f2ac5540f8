import { Timestamp } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireCaseEntries } from '../case-ledger.ts';
import { caseStateAt } from '../state-at.ts';
import { CaseIdParams } from './params.ts';

export const StateAtQuery = Type.Object(
  { at: Type.Optional({ ...Timestamp, description: 'the instant (RFC 3339); now when absent' }) },
  { additionalProperties: false },
);
export type StateAtQuery = Static<typeof StateAtQuery>;

export async function stateAtRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: CaseIdParams; Querystring: StateAtQuery }>(
    '/cases/:caseId/state',
    {
      schema: {
        summary: "Each service's state of the case as it stood at an instant",
        tags: ['audit'],
        params: CaseIdParams,
        querystring: StateAtQuery,
      },
    },
    async (request) => {
      const { caseId } = request.params;
      const at = request.query.at !== undefined ? new Date(request.query.at) : ctx.clock.now();
      return caseStateAt(caseId, await requireCaseEntries(ctx, caseId), at);
    },
  );
}
