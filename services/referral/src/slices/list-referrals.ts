import { AgencyCode, DivisionCode, ReferralTargetField } from '@landcase/contracts';
import { significantDivision } from '@landcase/lifecycle';
import type { Filter } from '@landcase/readmodels';
import { type ServiceContext, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { partyFilter } from '../access.ts';
import { REFERRALS_COLLECTION, type ReferralDoc } from '../projections/referrals.ts';

export const ListReferralsQuery = Type.Object(
  {
    caseId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    to: Type.Optional(ReferralTargetField),
    from: Type.Optional(AgencyCode),
    state: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    divisionCode: Type.Optional(DivisionCode),
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
        description: 'true: a deadline of the state the referral is in was missed; false: none was',
      }),
    ),
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

/**
 * The referral list's filter: the query's fields narrowed to the referrals the actor is party to
 * (a `from` the actor may not see gives nothing), then the inbox (`agency`: its move), `overdue`
 * and the division filters, which only narrow further. Null when nothing can match.
 */
export function referralListFilter(query: ListReferrals, visible: Filter): Filter | null {
  const filter = listFilter(query, visible);
  if (!filter) return null;
  if (query.from !== undefined) {
    if ('from' in visible && visible.from !== query.from) return null;
    filter.from = query.from;
  }
  if (query.divisionCode !== undefined) filter.divisionCode = query.divisionCode;
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
        description:
          '`agency`: referrals that wait for that agency (the sender to approve, dispatch or ask for ' +
          'reconsideration; the receiver to receive, decide, return or give feedback), among those the caller ' +
          'is party to; `overdue`: whether a deadline of the state the referral is in was missed; ' +
          '`withinDivision`: the division and those under it.',
        tags: ['referral'],
        querystring: ListReferralsQuery,
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const filter = referralListFilter(request.query, partyFilter(request.actor));
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
