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
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { REMEDIATIONS_COLLECTION } from '../projections/remediations.ts';

export const ListRemediationsQuery = listQuerySchema({}, { noun: 'remediation' });
export type ListRemediations = Static<typeof ListRemediationsQuery>;

export async function listRemediationsRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: ListRemediations }>(
    '/cases',
    {
      schema: {
        summary: 'Remediations, those due first',
        description:
          '`agency`: remediations that wait for that agency (progress for gov and nrb, acceptance for the ' +
          'joint acceptor that has not passed the land yet); `overdue`: whether a deadline of the state the ' +
          'remediation is in was missed; `withinDivision`: the division and those under it.' +
          DUE_LIST_DESCRIPTION,
        tags: ['remediation'],
        response: { 200: listResponseSchema('remediation') },
        querystring: ListRemediationsQuery,
      },
      config: { access: 'remediation.remediation.list' },
    },
    async (request) => {
      const due = dueReading(ctx);
      return findPage(
        ctx.readModels.collection(REMEDIATIONS_COLLECTION),
        listFilter(request.query, { visible: visibleFilter(request.actor), due }),
        request.query,
        { field: 'dueBy', direction: 1 },
        due,
      );
    },
  );
}
