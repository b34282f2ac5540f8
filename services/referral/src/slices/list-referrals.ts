import { AgencyCode, ReferralTargetField } from '@landcase/contracts';
import {
  DUE_LIST_DESCRIPTION,
  dueReading,
  findPage,
  listFilter,
  listQuerySchema,
  listResponseSchema,
  type ServiceContext,
  visibleFilter,
} from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
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
          '`withinDivision`: the division and those under it.' +
          DUE_LIST_DESCRIPTION,
        tags: ['referral'],
        response: { 200: listResponseSchema('referral') },
        querystring: ListReferralsQuery,
      },
      config: { access: 'referral.referral.list' },
    },
    async (request) => {
      const due = dueReading(ctx);
      // Narrowed to the referrals the caller is party to, in its divisions.
      return findPage(
        ctx.readModels.collection(REFERRALS_COLLECTION),
        listFilter(request.query, {
          fields: ['caseId', 'to', 'from'],
          visible: visibleFilter(request.actor),
          due,
        }),
        request.query,
        { field: 'draftedAt', direction: -1 },
        due,
      );
    },
  );
}
