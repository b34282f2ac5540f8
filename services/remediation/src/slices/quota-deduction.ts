import type { Actor, RemediationEvent } from '@landcase/contracts';
import { chinaDateOf, RULE_SET, type RuleSet, ruleOf } from '@landcase/lifecycle';
import { RuleViolation, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RemediationFields } from '../remediation.ts';
import { runRemediationCommand } from '../remediation-command.ts';
import { remediationCheck, replyRemediation } from '../remediation-view.ts';
import { CaseIdParams } from './params.ts';

// Not restored within the year: the division's reserve supplementary-farmland quota is deducted by
// equal quantity and quality, and PBF must be re-designated (补划) within a deadline (seed 003 §三).
// It happens by itself at the end of the year the remediation opened in
// (reactions/deduct-quota-at-year-end.ts); the bureau's head may decide it earlier or correct a
// case by hand here. The machine refuses it once the land was accepted or the quota deducted, so
// the two paths never deduct twice. The deduction is for the year the remediation opened in (the
// China calendar year whose end it is measured against): another year is refused.

export const QuotaDeductionBody = Type.Object(
  { year: Type.Integer({ minimum: 2000, maximum: 2100 }) },
  { additionalProperties: false },
);
export type QuotaDeduction = Static<typeof QuotaDeductionBody>;

const DAY_MS = 24 * 60 * 60 * 1000;
const YEAR_RULE = 'deadline.remediation.year-end';

/** The China calendar year the remediation opened in; null for a view that lacks the time. */
export const remediationYearOf = (remediation: Pick<RemediationFields, 'openedAt'>): number | null =>
  remediation.openedAt ? Number(chinaDateOf(new Date(remediation.openedAt)).slice(0, 4)) : null;

export function decideQuotaDeduction(
  caseId: string,
  remediation: RemediationFields,
  body: QuotaDeduction,
  now: Date,
  ruleSet: RuleSet = RULE_SET,
): RemediationEvent[] {
  const { divisionCode, areaMu, landClass } = remediation;
  const year = remediationYearOf(remediation);
  if (year !== null && body.year !== year) {
    throw new RuleViolation({
      ruleId: YEAR_RULE,
      source: ruleOf(ruleSet, YEAR_RULE).source,
      detail: `the quota is deducted for the year the remediation opened in (${year}), not ${body.year}`,
    });
  }
  const events: RemediationEvent[] = [
    {
      type: 'QuotaDeducted',
      data: { caseId, divisionCode, areaMu, landClass, deductedAt: now.toISOString(), year: body.year },
    },
  ];
  if (landClass === 'pbf') {
    // Calendar days count whole days, so the due instant is the same time of day.
    const days = ruleOf(ruleSet, 'remediation.pbf-redesignation-period').value as number;
    const dueBy = new Date(now.getTime() + days * DAY_MS).toISOString();
    events.push({ type: 'PbfRedesignationRequired', data: { caseId, divisionCode, areaMu, dueBy } });
  }
  return events;
}

export async function quotaDeductionRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = remediationCheck(ctx, 'remediation.remediation.quota-deduction');
  app.post<{ Params: CaseIdParams; Body: QuotaDeduction }>(
    '/cases/:caseId/quota-deduction',
    {
      schema: {
        summary: "Deduct the division's reserve quota for land not restored within the year",
        tags: ['remediation'],
        params: CaseIdParams,
        body: QuotaDeductionBody,
      },
      ...check.options,
    },
    async (request, reply) => {
      const actor: Actor = request.actor;
      const { caseId } = request.params;
      const view = await runRemediationCommand(ctx, {
        caseId,
        actor,
        ifMatch: request.headers['if-match'],
        decide: (remediation) => decideQuotaDeduction(caseId, remediation, request.body, ctx.clock.now()),
      });
      return replyRemediation(reply, view);
    },
  );
}
