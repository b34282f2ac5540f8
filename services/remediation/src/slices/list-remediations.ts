import { AgencyCode, DivisionCode } from '@landcase/contracts';
import { significantDivision } from '@landcase/lifecycle';
import type { Filter } from '@landcase/readmodels';
import { type ServiceContext, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { REMEDIATIONS_COLLECTION, type RemediationDoc } from '../projections/remediations.ts';

export const ListRemediationsQuery = Type.Object(
  {
    divisionCode: Type.Optional(DivisionCode),
    state: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
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
        description: 'true: a deadline of the state the remediation is in was missed; false: none was',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type ListRemediations = Static<typeof ListRemediationsQuery>;

export function remediationFilter(query: ListRemediations): Filter {
  const filter: Filter = {};
  if (query.divisionCode !== undefined) filter.divisionCode = query.divisionCode;
  if (query.state !== undefined) filter.state = query.state;
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

function publicFields(doc: RemediationDoc): Record<string, unknown> {
  // Adapters may keep bookkeeping beside a document (its version); it is not part of the API.
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_')));
}

export async function listRemediationsRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: ListRemediations }>(
    '/cases',
    {
      schema: {
        summary: 'Remediations, those due first',
        description:
          '`agency`: remediations that wait for that agency (progress for gov and nrb, acceptance for the ' +
          'joint acceptor that has not passed the land yet); `overdue`: whether a deadline of the state the ' +
          'remediation is in was missed; `withinDivision`: the division and those under it.',
        tags: ['remediation'],
        querystring: ListRemediationsQuery,
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const filter = remediationFilter(request.query);
      const remediations = ctx.readModels.collection<RemediationDoc>(REMEDIATIONS_COLLECTION);
      const [docs, total] = await Promise.all([
        remediations.find(filter, { limit, skip: offset, sort: { field: 'dueBy', direction: 1 } }),
        remediations.count(filter),
      ]);
      return { items: docs.map(publicFields), total, limit, offset };
    },
  );
}
