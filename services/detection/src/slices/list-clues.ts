import { ClueSourceField, DivisionCode } from '@landcase/contracts';
import type { Filter } from '@landcase/readmodels';
import type { ServiceContext } from '@landcase/service-kit';
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
  return filter;
}

export async function listCluesRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: ListCluesQuery }>(
    '/clues',
    {
      schema: {
        summary: 'A page of clues from the read model, newest observation first',
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
