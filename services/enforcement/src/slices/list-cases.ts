import { LandClassField } from '@landcase/contracts';
import { findPage, listFilter, listQuerySchema, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CASES_COLLECTION } from '../case-view.ts';

export const ListCasesQuery = listQuerySchema(
  { landClass: Type.Optional(LandClassField) },
  { noun: 'case', stateExamples: 'opened, filed' },
);
export type ListCasesQuery = Static<typeof ListCasesQuery>;

export async function listCasesRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: ListCasesQuery }>(
    '/cases',
    {
      schema: {
        summary: 'A page of enforcement cases from the read model, most recently discovered first',
        description:
          '`agency`: cases that wait for that agency (it may issue the next command: `court` lists the ' +
          'applications to rule on); `overdue`: whether a deadline of the state the case is in was missed; ' +
          '`withinDivision`: the division and those under it.',
        tags: ['enforcement'],
        querystring: ListCasesQuery,
      },
    },
    async (request) =>
      findPage(
        ctx.readModels.collection(CASES_COLLECTION),
        listFilter(request.query, { fields: ['landClass'] }),
        request.query,
        { field: 'discoveredAt', direction: -1 },
      ),
  );
}
