import { AgencyCode, ReferralTargetField } from '@landcase/contracts';
import { findPage, listFilter, listQuerySchema, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { partyFilter } from '../access.ts';
import { REFERRALS_COLLECTION } from '../projections/referrals.ts';

export const ListReferralsQuery = listQuerySchema(
  {
    caseId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    to: Type.Optional(ReferralTargetField),
    from: Type.Optional(AgencyCode),
  },
  { noun: 'referral' },
);
export type ListReferrals = Static<typeof ListReferralsQuery>;

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
    async (request) =>
      // Narrowed to the referrals the caller is party to: a `from` or `to` it may not see gives nothing.
      findPage(
        ctx.readModels.collection(REFERRALS_COLLECTION),
        listFilter(request.query, { fields: ['caseId', 'to', 'from'], visible: partyFilter(request.actor) }),
        request.query,
        { field: 'draftedAt', direction: -1 },
      ),
  );
}
