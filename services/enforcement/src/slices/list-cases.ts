import { DivisionCode, LandClassField } from '@landcase/contracts';
import type { Filter } from '@landcase/readmodels';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CASES_COLLECTION } from '../case-view.ts';

export const ListCasesQuery = Type.Object(
  {
    divisionCode: Type.Optional(DivisionCode),
    state: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'e.g. opened, filed' })),
    landClass: Type.Optional(LandClassField),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type ListCasesQuery = Static<typeof ListCasesQuery>;

export function caseFilter(query: ListCasesQuery): Filter {
  const filter: Filter = {};
  if (query.divisionCode !== undefined) filter.divisionCode = query.divisionCode;
  if (query.state !== undefined) filter.state = query.state;
  if (query.landClass !== undefined) filter.landClass = query.landClass;
  return filter;
}

export async function listCasesRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: ListCasesQuery }>(
    '/cases',
    {
      schema: {
        summary: 'A page of enforcement cases from the read model, most recently discovered first',
        tags: ['enforcement'],
        querystring: ListCasesQuery,
      },
    },
    async (request) => {
      const cases = ctx.readModels.collection(CASES_COLLECTION);
      const filter = caseFilter(request.query);
      const [items, total] = await Promise.all([
        cases.find(filter, {
          limit: request.query.limit ?? 50,
          skip: request.query.offset ?? 0,
          sort: { field: 'discoveredAt', direction: -1 },
        }),
        cases.count(filter),
      ]);
      return { items, total };
    },
  );
}
