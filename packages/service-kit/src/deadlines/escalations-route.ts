import { DivisionCode } from '@landcase/contracts';
import type { AccessKey } from '@landcase/lifecycle';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { guarded, namedDivision } from '../access.ts';
import type { ServiceContext } from '../context.ts';
import { escalationsFor } from './escalations.ts';

// GET /<service>/escalations?divisionCode=: the rungs of this service's escalation ladders that
// were reported to a division, for the agencies the access policy names (`<service>.escalations`),
// of that division or one above it. Each service mounts it with `await escalationsRoute(app, ctx)`.

export const EscalationsQuery = Type.Object(
  {
    divisionCode: DivisionCode,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type EscalationsQuery = Static<typeof EscalationsQuery>;

export async function escalationsRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: EscalationsQuery }>(
    '/escalations',
    {
      schema: {
        summary:
          'The escalation rungs (reminder, supervision 督办, listed supervision 挂牌督办, summons 约谈, public notice 通报) of missed ' +
          'deadlines reported to a division, latest first',
        tags: [ctx.service],
        querystring: EscalationsQuery,
      },
      // Before the query is validated: the division comes straight from it.
      ...guarded(`${ctx.service}.escalations` as AccessKey, async (request) => namedDivision(request.query)),
    },
    async (request) => {
      const { divisionCode, limit, offset } = request.query;
      return escalationsFor(ctx.readModels, divisionCode, {
        service: ctx.service,
        limit: limit ?? 50,
        offset: offset ?? 0,
      });
    },
  );
}
