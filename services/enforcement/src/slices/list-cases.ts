import { AgencyCode, DivisionCode, LandClassField } from '@landcase/contracts';
import { significantDivision } from '@landcase/lifecycle';
import type { Filter } from '@landcase/readmodels';
import { type ServiceContext, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CASES_COLLECTION } from '../case-view.ts';

export const ListCasesQuery = Type.Object(
  {
    divisionCode: Type.Optional(DivisionCode),
    state: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'e.g. opened, filed' })),
    landClass: Type.Optional(LandClassField),
    withinDivision: Type.Optional(
      Type.String({
        pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$',
        description:
          'a division and every division under it: 14 or 140000 is the province, 1411 or 141100 the city',
      }),
    ),
    agency: Type.Optional(AgencyCode),
    overdue: Type.Optional(
      Type.Boolean({
        description: 'true: a deadline of the state the case is in was missed; false: none was',
      }),
    ),
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
  if (query.withinDivision !== undefined) {
    const level = significantDivision(query.withinDivision);
    if (!level) {
      throw new ValidationProblem([
        { path: '/withinDivision', reason: 'must name a division, not only zeros' },
      ]);
    }
    filter.divisionLevels = level;
  }
  if (query.agency !== undefined) filter.awaiting = query.agency;
  if (query.overdue !== undefined) filter.overdue = query.overdue;
  return filter;
}

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
