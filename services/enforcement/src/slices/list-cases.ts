import { type Actor, type Agency, LandClassField } from '@landcase/contracts';
import type { Filter } from '@landcase/readmodels';
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
import { CASE_ADDRESSEES_COLLECTION, type CaseAddresseesDoc } from '../case-addressees.ts';
import { CASES_COLLECTION, caseFileFor } from '../case-view.ts';

export const ListCasesQuery = listQuerySchema(
  { landClass: Type.Optional(LandClassField) },
  { noun: 'case', stateExamples: 'opened, filed' },
);
export type ListCasesQuery = Static<typeof ListCasesQuery>;

/** Agencies that see a case only once it was addressed to them, which the case's own events do not say. */
const ADDRESSED_ONLY: readonly Agency[] = ['psb', 'proc', 'disc'];

/**
 * The cases a caller may see: those whose audience holds its agency, in its divisions; for the
 * police, the procuratorate and discipline, those addressed to them (case-addressees.ts).
 */
async function visibleCases(ctx: ServiceContext, actor: Actor): Promise<Filter | null> {
  const visible = visibleFilter(actor);
  if (!visible || !ADDRESSED_ONLY.includes(actor.agency)) return visible;
  const addressed = await ctx.readModels
    .collection<CaseAddresseesDoc>(CASE_ADDRESSEES_COLLECTION)
    .find({ addressed: actor.agency });
  if (addressed.length === 0) return null;
  const { audience: _, ...divisions } = visible;
  return { ...divisions, caseId: addressed.map((doc) => doc.id) };
}

export async function listCasesRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: ListCasesQuery }>(
    '/cases',
    {
      schema: {
        summary: 'A page of enforcement cases from the read model, most recently discovered first',
        description:
          'Only the cases the caller may see (its divisions; for a partner agency, those it has a part in). ' +
          '`agency`: cases that wait for that agency (it may issue the next command: `court` lists the ' +
          'applications to rule on); `overdue`: whether a deadline of the state the case is in was missed; ' +
          '`withinDivision`: the division and those under it.' +
          DUE_LIST_DESCRIPTION,
        tags: ['enforcement'],
        response: { 200: listResponseSchema('case') },
        querystring: ListCasesQuery,
      },
      config: { access: 'enforcement.case.list' },
    },
    async (request) => {
      const visible = await visibleCases(ctx, request.actor);
      const due = dueReading(ctx);
      const page = await findPage(
        ctx.readModels.collection(CASES_COLLECTION),
        listFilter(request.query, { fields: ['landClass'], visible, due }),
        request.query,
        { field: 'discoveredAt', direction: -1 },
        due,
      );
      return { ...page, items: page.items.map((item) => caseFileFor(request.actor, item)) };
    },
  );
}
