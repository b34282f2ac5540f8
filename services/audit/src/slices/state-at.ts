import { Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { recordRead } from '../access.ts';
import type { AuditContext } from '../audit-context.ts';
import { auditCaseCheck } from '../case-ledger.ts';
import { caseStateAt } from '../state-at.ts';
import { CaseIdParams } from './params.ts';

export const StateAtQuery = Type.Object(
  { at: Type.Optional({ ...Timestamp, description: 'the instant (RFC 3339); now when absent' }) },
  { additionalProperties: false },
);
export type StateAtQuery = Static<typeof StateAtQuery>;

export async function stateAtRoute(app: FastifyInstance, { ctx }: AuditContext): Promise<void> {
  const check = auditCaseCheck(ctx, 'audit.case.state');
  app.get<{ Params: CaseIdParams; Querystring: StateAtQuery }>(
    '/cases/:caseId/state',
    {
      schema: {
        summary:
          "Each service's state of the case as it stood at an instant, with the actor and rule-set version behind it",
        tags: ['audit'],
        params: CaseIdParams,
        querystring: StateAtQuery,
      },
      ...check.options,
    },
    async (request) => {
      const { caseId } = request.params;
      const at = request.query.at !== undefined ? new Date(request.query.at) : ctx.clock.now();
      const entries = check.of(request)!;
      const state = caseStateAt(caseId, entries, at);
      await recordRead(
        ctx,
        request.actor,
        { caseId, view: 'state', at: state.at, entries: entries.length },
        request.id,
      );
      return state;
    },
  );
}
