import { ClueSourceField } from '@landcase/contracts';
import {
  DUE_LIST_DESCRIPTION,
  dueReading,
  findPage,
  listFilter,
  listQuerySchema,
  listResponseSchema,
  type ServiceContext,
  visibleFilter,
} from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CLUES_COLLECTION } from '../clue-view.ts';

export const ListCluesQuery = listQuerySchema(
  { source: Type.Optional(ClueSourceField) },
  { noun: 'clue', stateExamples: 'reported, verified.illegal' },
);
export type ListCluesQuery = Static<typeof ListCluesQuery>;

export async function listCluesRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: ListCluesQuery }>(
    '/clues',
    {
      schema: {
        summary: 'A page of clues from the read model, newest observation first',
        description:
          'Only the clues the caller may see (its divisions; a reporting agency, its own reports). ' +
          '`agency`: clues that wait for that agency (it may issue the next command); `overdue`: whether a ' +
          'deadline of the state the clue is in was missed; `withinDivision`: the division and those under it.' +
          DUE_LIST_DESCRIPTION,
        tags: ['detection'],
        response: { 200: listResponseSchema('clue') },
        querystring: ListCluesQuery,
      },
      config: { access: 'detection.clue.list' },
    },
    async (request) => {
      const due = dueReading(ctx);
      return findPage(
        ctx.readModels.collection(CLUES_COLLECTION),
        listFilter(request.query, { fields: ['source'], visible: visibleFilter(request.actor), due }),
        request.query,
        { field: 'observedAt', direction: -1 },
        due,
      );
    },
  );
}
