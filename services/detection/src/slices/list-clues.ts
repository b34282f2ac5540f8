import { AgencyCode, ClueSourceField, DivisionCode } from '@landcase/contracts';
import { significantDivision } from '@landcase/lifecycle';
import type { Filter } from '@landcase/readmodels';
import { type ServiceContext, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CLUES_COLLECTION } from '../clue-view.ts';

export const ListCluesQuery = Type.Object(
  {
    divisionCode: Type.Optional(DivisionCode),
    state: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'e.g. reported, verified.illegal' }),
    ),
    source: Type.Optional(ClueSourceField),
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
        description: 'true: a deadline of the state the clue is in was missed; false: none was',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type ListCluesQuery = Static<typeof ListCluesQuery>;

export function clueFilter(query: ListCluesQuery): Filter {
  const filter: Filter = {};
  if (query.divisionCode !== undefined) filter.divisionCode = query.divisionCode;
  if (query.state !== undefined) filter.state = query.state;
  if (query.source !== undefined) filter.source = query.source;
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

export async function listCluesRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: ListCluesQuery }>(
    '/clues',
    {
      schema: {
        summary: 'A page of clues from the read model, newest observation first',
        description:
          '`agency`: clues that wait for that agency (it may issue the next command); `overdue`: whether a ' +
          'deadline of the state the clue is in was missed; `withinDivision`: the division and those under it.',
        tags: ['detection'],
        querystring: ListCluesQuery,
      },
    },
    async (request) => {
      const clues = ctx.readModels.collection(CLUES_COLLECTION);
      const filter = clueFilter(request.query);
      const [items, total] = await Promise.all([
        clues.find(filter, {
          limit: request.query.limit ?? 50,
          skip: request.query.offset ?? 0,
          sort: { field: 'observedAt', direction: -1 },
        }),
        clues.count(filter),
      ]);
      return { items, total };
    },
  );
}
