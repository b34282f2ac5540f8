import { DivisionCode } from '@landcase/contracts';
import type { Filter } from '@landcase/readmodels';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { REMEDIATIONS_COLLECTION, type RemediationDoc } from '../projections/remediations.ts';

export const ListRemediationsQuery = Type.Object(
  {
    divisionCode: Type.Optional(DivisionCode),
    state: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type ListRemediations = Static<typeof ListRemediationsQuery>;

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
        tags: ['remediation'],
        querystring: ListRemediationsQuery,
      },
    },
    async (request) => {
      const { divisionCode, state } = request.query;
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const filter: Filter = {
        ...(divisionCode !== undefined ? { divisionCode } : {}),
        ...(state !== undefined ? { state } : {}),
      };
      const remediations = ctx.readModels.collection<RemediationDoc>(REMEDIATIONS_COLLECTION);
      const [docs, total] = await Promise.all([
        remediations.find(filter, { limit, skip: offset, sort: { field: 'dueBy', direction: 1 } }),
        remediations.count(filter),
      ]);
      return { items: docs.map(publicFields), total, limit, offset };
    },
  );
}
