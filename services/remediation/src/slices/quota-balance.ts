import { DivisionCode } from '@landcase/contracts';
import { significantDivision } from '@landcase/lifecycle';
import { guarded, namedDivision, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { REMEDIATIONS_COLLECTION, type RemediationDoc } from '../projections/remediations.ts';

// A division's quota balance for a year (seed 003 §三: 年度内未能消除违法状态的 … 扣除该地区储备补充
// 耕地指标 … 涉及永久基本农田的 … 补划): the reserve supplementary-farmland quota deducted for the land
// of its cases, and of its subordinate divisions' cases, not restored within that year, and the
// PBF among it to re-designate. Read from the remediations read model (`quotaYear`), so it follows
// the events as the lists do.

export const QuotaBalanceParams = Type.Object({
  divisionCode: DivisionCode,
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
});
export type QuotaBalanceParams = Static<typeof QuotaBalanceParams>;

const Mu = Type.Number({ minimum: 0, description: 'area in mu' });

const QuotaBalanceCase = Type.Object(
  {
    caseId: Type.String(),
    divisionCode: Type.String(),
    landClass: Type.String(),
    areaMu: Mu,
    deductedAt: Type.String({ format: 'date-time' }),
    pbfRedesignation: Type.Union([
      Type.Object({
        dueBy: Type.String({ format: 'date-time' }),
        redesignatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
        overdue: Type.Boolean(),
      }),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);

export const QuotaBalance = Type.Object(
  {
    divisionCode: Type.String(),
    year: Type.Integer(),
    deducted: Type.Object({
      areaMu: Mu,
      cases: Type.Integer({ minimum: 0 }),
      byLandClass: Type.Record(Type.String(), Mu, { description: 'mu deducted per land class' }),
    }),
    pbfRedesignation: Type.Object({
      requiredMu: Mu,
      redesignatedMu: Mu,
      outstandingMu: Mu,
      overdueCases: Type.Integer({ minimum: 0, description: 'still owed past their due instant' }),
    }),
    cases: Type.Array(QuotaBalanceCase, { description: 'each deduction, oldest first' }),
  },
  { additionalProperties: false },
);
export type QuotaBalance = Static<typeof QuotaBalance>;

/** Sums areas without binary noise, to a billionth of a mu (as the rule set adds them up). */
const sumMu = (areas: readonly number[]): number =>
  Math.round(areas.reduce((sum, area) => sum + area, 0) * 1e9) / 1e9;

/** The balance of the remediations given (those with a deduction of `year` in the division). */
export function quotaBalanceOf(
  divisionCode: string,
  year: number,
  docs: readonly RemediationDoc[],
  now: Date,
): QuotaBalance {
  const cases = docs
    .filter((doc) => doc.quotaDeduction?.year === year)
    .map((doc) => {
      const deduction = doc.quotaDeduction!;
      const owed = doc.pbfRedesignation;
      return {
        caseId: doc.caseId,
        divisionCode: deduction.divisionCode,
        landClass: deduction.landClass,
        areaMu: deduction.areaMu,
        deductedAt: deduction.deductedAt,
        pbfRedesignation: owed
          ? {
              dueBy: owed.dueBy,
              redesignatedAt: owed.redesignated?.redesignatedAt ?? null,
              overdue: !owed.redesignated && Date.parse(owed.dueBy) <= now.getTime(),
            }
          : null,
      };
    })
    .sort((a, b) => a.deductedAt.localeCompare(b.deductedAt) || a.caseId.localeCompare(b.caseId));
  const byLandClass: Record<string, number> = {};
  for (const c of cases) byLandClass[c.landClass] = sumMu([byLandClass[c.landClass] ?? 0, c.areaMu]);
  const owing = cases.filter((c) => c.pbfRedesignation !== null);
  const requiredMu = sumMu(owing.map((c) => c.areaMu));
  const redesignatedMu = sumMu(
    owing.filter((c) => c.pbfRedesignation!.redesignatedAt !== null).map((c) => c.areaMu),
  );
  return {
    divisionCode,
    year,
    deducted: { areaMu: sumMu(cases.map((c) => c.areaMu)), cases: cases.length, byLandClass },
    pbfRedesignation: {
      requiredMu,
      redesignatedMu,
      outstandingMu: sumMu([requiredMu, -redesignatedMu]),
      overdueCases: owing.filter((c) => c.pbfRedesignation!.overdue).length,
    },
    cases,
  };
}

export async function quotaBalanceRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: QuotaBalanceParams }>(
    '/quota-balances/:divisionCode/:year',
    {
      schema: {
        summary:
          "A division's reserve quota deducted in a year for land not restored within it, and the PBF to re-designate (seed 003 §三)",
        description:
          'The division and the divisions below it; `overdue` compares the re-designation due instant with the time of the read.',
        tags: ['remediation'],
        params: QuotaBalanceParams,
        response: { 200: QuotaBalance },
      },
      ...guarded(
        'remediation.quota-balance.read',
        async (request) => namedDivision(request.params),
        (request) => ({
          what: `quota balance of ${String((request.params as QuotaBalanceParams).divisionCode)}`,
        }),
      ),
    },
    async (request) => {
      const { divisionCode, year } = request.params;
      const docs = await ctx.readModels
        .collection<RemediationDoc>(REMEDIATIONS_COLLECTION)
        .find({ divisionLevels: significantDivision(divisionCode) ?? divisionCode, quotaYear: year });
      return quotaBalanceOf(divisionCode, year, docs, ctx.clock.now());
    },
  );
}
