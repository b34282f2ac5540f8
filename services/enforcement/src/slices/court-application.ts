import type { FieldError } from '@landcase/contracts';
import { Timestamp } from '@landcase/contracts';
import type { BusinessCalendar } from '@landcase/lifecycle';
import { checkCourtApplicationTiming } from '@landcase/lifecycle';
import { RuleViolation, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// Non-compliance: serve a reminder (催告书), then apply to the court for compulsory demolition
// (Administrative Compulsion Law arts. 53-54). The application is refused (422, naming the rule and
// the earliest and latest instants it could be filed) before the 10th working day after the
// reminder, while the party's periods to ask for reconsideration or to sue run or one it brought is
// pending, and later than 3 months after those periods: checkCourtApplicationTiming, counted by the
// service's calendar.

export const CourtApplicationBody = Type.Object(
  { reminderServedAt: Timestamp, appliedAt: Timestamp },
  { additionalProperties: false },
);
type CourtApplication = Static<typeof CourtApplicationBody>;

export function validateCourtApplication(body: CourtApplication): FieldError[] {
  return Date.parse(body.appliedAt) < Date.parse(body.reminderServedAt)
    ? [{ path: '/appliedAt', reason: 'the application cannot precede the reminder' }]
    : [];
}

export function decideCourtApplication({
  caseId,
  body,
  case: c,
  calendar,
  ruleSet,
}: CaseCommand<CourtApplication>) {
  // Without a decision the machine refuses the application (409) as out of order.
  const decision = c.decision;
  if (decision?.servedAt !== undefined) {
    const servedAt = decision.servedAt;
    const refusal = countedBy(calendar, body, () =>
      checkCourtApplicationTiming(
        {
          decision: { measures: decision.measures, servedAt },
          remedies: (c.remedies ?? []).map(({ kind, at, outcome }) => ({
            kind,
            at,
            ...(outcome ? { outcome: { decidedAt: outcome.decidedAt, upheld: outcome.upheld } } : {}),
          })),
          reminderServedAt: body.reminderServedAt,
          appliedAt: body.appliedAt,
        },
        calendar,
        ruleSet,
      ),
    );
    if (refusal) {
      const { earliest, latest, ...rule } = refusal;
      throw new RuleViolation(rule, {
        ...(earliest !== undefined ? { earliest } : {}),
        ...(latest !== undefined ? { latest } : {}),
        errors: [{ path: '/appliedAt', reason: rule.detail }],
      });
    }
  }
  return [
    {
      type: 'CourtApplicationFiled' as const,
      data: { caseId, reminderServedAt: body.reminderServedAt, appliedAt: body.appliedAt },
    },
  ];
}

/**
 * The check's answer, or 400 naming the dates the business calendar cannot count (a year outside
 * its data and the years it can compute): a period counted over them has no end to give.
 */
function countedBy<T>(calendar: BusinessCalendar, body: CourtApplication, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (
      !(error instanceof RangeError || (error instanceof Error && error.name === 'MissingCalendarYearError'))
    )
      throw error;
    const uncountable = (['reminderServedAt', 'appliedAt'] as const).filter((field) => {
      try {
        const at = new Date(body[field]);
        calendar.assertCovers(at, at);
        return false;
      } catch {
        return true;
      }
    });
    const fields = uncountable.length > 0 ? uncountable : (['appliedAt'] as const);
    throw new ValidationProblem(
      fields.map((field) => ({
        path: `/${field}`,
        reason: 'the periods of the application are counted over years the business calendar cannot count',
      })),
    );
  }
}

export const courtApplicationRoute = caseCommandRoute({
  path: '/court-application',
  summary: 'Record the application to the court for compulsory enforcement',
  body: CourtApplicationBody,
  validate: validateCourtApplication,
  decide: decideCourtApplication,
});
