import { ReferralTargetField } from '@landcase/contracts';
import type { Filter } from '@landcase/readmodels';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { partyFilter } from '../access.ts';
import { REFERRALS_COLLECTION, type ReferralDoc } from '../projections/referrals.ts';

export const ListReferralsQuery = Type.Object(
  {
    caseId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    to: Type.Optional(ReferralTargetField),
    state: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type ListReferrals = Static<typeof ListReferralsQuery>;

/** The query's filter narrowed to what the actor may see; null when the two cannot both hold. */
export function listFilter(
  query: Partial<Record<'caseId' | 'to' | 'state', string>>,
  visible: Filter,
): Filter | null {
  const filter: Filter = { ...visible };
  for (const key of ['caseId', 'to', 'state'] as const) {
    const value = query[key];
    if (value === undefined) continue;
    if (key in visible && visible[key] !== value) return null;
    filter[key] = value;
  }
  return filter;
}

function publicFields(doc: ReferralDoc): Record<string, unknown> {
  // Adapters may keep bookkeeping beside a document (its version); it is not part of the API.
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_')));
}

export async function listReferralsRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: ListReferrals }>(
    '/referrals',
    {
      schema: {
        summary: 'Referrals the caller is party to, newest first',
        tags: ['referral'],
        querystring: ListReferralsQuery,
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const filter = listFilter(request.query, partyFilter(request.actor));
      if (!filter) return { items: [], total: 0, limit, offset };
      const referrals = ctx.readModels.collection<ReferralDoc>(REFERRALS_COLLECTION);
      const [docs, total] = await Promise.all([
        referrals.find(filter, { limit, skip: offset, sort: { field: 'draftedAt', direction: -1 } }),
        referrals.count(filter),
      ]);
      return { items: docs.map(publicFields), total, limit, offset };
    },
  );
}
