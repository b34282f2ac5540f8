import { type Actor, DivisionCode } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../context.ts';
import { Forbidden } from '../problems.ts';
import { escalationsFor } from './escalations.ts';

// GET /<service>/escalations?divisionCode=: the rungs of this service's escalation ladders that
// were reported to a division, for that division's agencies (and the levels above it, and the
// auditor). Each service mounts it with `await escalationsRoute(app, ctx)`.

export const EscalationsQuery = Type.Object(
  {
    divisionCode: DivisionCode,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type EscalationsQuery = Static<typeof EscalationsQuery>;

/** The digits that name a division: 140000 → 14, 141100 → 1411, 141181 → 141181, 141181100 as is. */
function significant(code: string): string {
  if (code.length > 6) return code;
  return code.replace(/(00)+$/, '');
}

/**
 * Whether an actor of `division` may read what was reported to `target`: its own division or one
 * under it (a province reads its cities' escalations too), and the auditor everywhere.
 */
export function mayReadEscalations(actor: Actor, target: string): boolean {
  if (actor.agency === 'audit') return true;
  const own = significant(actor.division);
  return own.length > 0 && target.startsWith(own);
}

export async function escalationsRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: EscalationsQuery }>(
    '/escalations',
    {
      schema: {
        summary:
          'The escalation rungs (reminder, supervision 督办, listed supervision 挂牌督办, summons 约谈) of missed ' +
          'deadlines reported to a division, latest first',
        tags: [ctx.service],
        querystring: EscalationsQuery,
      },
    },
    async (request) => {
      const { divisionCode, limit, offset } = request.query;
      if (!mayReadEscalations(request.actor, divisionCode)) {
        throw new Forbidden(
          `division ${request.actor.division} may not read what is reported to division ${divisionCode}`,
        );
      }
      return escalationsFor(ctx.readModels, divisionCode, {
        service: ctx.service,
        limit: limit ?? 50,
        offset: offset ?? 0,
      });
    },
  );
}
