import { PartyKindField } from '@landcase/contracts';
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
import { PARTY_MATCHES_COLLECTION } from '../projections/party-matches.ts';

export const ListPartyMatchesQuery = listQuerySchema(
  {
    caseId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 128, description: 'either of the two cases' }),
    ),
    kind: Type.Optional(PartyKindField),
  },
  { noun: 'possible same party', stateExamples: 'suspected, confirmed, rejected' },
);
export type ListPartyMatches = Static<typeof ListPartyMatchesQuery>;

// The bureau's inbox of possible same parties: `agency=nrb&state=suspected` is what waits for it.
export async function listPartyMatchesRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: ListPartyMatches }>(
    '/party-matches',
    {
      schema: {
        summary: 'Possible same parties (疑似同一当事人), newest first: the bureau and auditors',
        description:
          '`caseId`: the matches either case of which is that one; `agency`: those that wait for that agency ' +
          '(nrb, to confirm or reject); `divisionCode` and `withinDivision`: the county the cases are in. ' +
          'Other agencies get an empty list; a division sees its own and those below it.' +
          DUE_LIST_DESCRIPTION,
        tags: ['party-match'],
        response: { 200: listResponseSchema('possible same party') },
        querystring: ListPartyMatchesQuery,
      },
      config: { access: 'referral.party-match.list' },
    },
    async (request) => {
      const { caseId, ...query } = request.query;
      const due = dueReading(ctx);
      const filter = listFilter(query, { fields: ['kind'], visible: visibleFilter(request.actor), due });
      return findPage(
        ctx.readModels.collection(PARTY_MATCHES_COLLECTION),
        filter && caseId !== undefined ? { ...filter, caseIds: caseId } : filter,
        query,
        { field: 'raisedAt', direction: -1 },
        due,
      );
    },
  );
}
