import { NonEmpty, Timestamp } from '@landcase/contracts';
import {
  type BusinessCalendar,
  isDeadlineUnit,
  loadCalendar,
  RULE_SET,
  type RuleSet,
  ruleOf,
} from '@landcase/lifecycle';
import { RuleViolation } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// The decision is due 90 days after filing (Administrative Penalty Law art. 60); the bureau's head
// may extend the period, with a reason. The extension must end after the period it replaces: the
// machine checks the last extension (it knows no calendar), this slice the 90 days' due instant,
// computed as the deadline scheduler computes it (same rule, same business calendar).

export const DecisionExtensionBody = Type.Object(
  {
    extendedUntil: Timestamp,
    reason: NonEmpty('why the case needs longer: an appraisal awaited, a complex case, ...'),
  },
  { additionalProperties: false },
);

const BASE_RULE = 'deadline.case.decide';

/** What the decision's due instant depends on: the filing and the extensions, as the case records them. */
interface DecisionPeriodFacts {
  filing?: { filedAt: string } | null;
  decisionExtensions?: readonly { extendedUntil: string }[];
}

/** When the decision is due as the case stands: the last extension's date, else the 90 days. */
export function decisionDueAt(
  c: DecisionPeriodFacts,
  calendar: Pick<BusinessCalendar, 'addDeadline'>,
  ruleSet: RuleSet = RULE_SET,
): Date | null {
  const last = c.decisionExtensions?.at(-1);
  if (last) return new Date(last.extendedUntil);
  if (!c.filing) return null;
  const entry = ruleOf(ruleSet, BASE_RULE);
  if (typeof entry.value !== 'number' || !isDeadlineUnit(entry.unit)) {
    throw new Error(`rule set ${ruleSet.version}: rule '${BASE_RULE}' is not a deadline`);
  }
  return calendar.addDeadline(new Date(c.filing.filedAt), { duration: entry.value, unit: entry.unit });
}

let calendar: BusinessCalendar | undefined;
const theCalendar = (): BusinessCalendar => {
  calendar ??= loadCalendar();
  return calendar;
};

export const decideDecisionExtension = ({
  caseId,
  body,
  case: c,
  now,
  actor,
  ruleSet = RULE_SET,
}: CaseCommand<Static<typeof DecisionExtensionBody>>) => {
  // Before filing there is no period to extend: the machine refuses it there with a 409.
  const due = decisionDueAt(c, theCalendar(), ruleSet);
  if (due && Date.parse(body.extendedUntil) <= due.getTime()) {
    const entry = ruleOf(ruleSet, BASE_RULE);
    throw new RuleViolation({
      ruleId: c.decisionExtensions?.length ? 'deadline.case.decide-extended' : BASE_RULE,
      source: entry.source,
      detail: `extendedUntil must be later than the decision's due instant ${due.toISOString()}`,
    });
  }
  return [
    {
      type: 'DecisionPeriodExtended' as const,
      data: {
        caseId,
        extendedUntil: body.extendedUntil,
        reason: body.reason,
        approvedBy: `${actor.agency}:${actor.sub}`,
        approvedAt: now.toISOString(),
      },
    },
  ];
};

export const decisionExtensionRoute = caseCommandRoute({
  path: '/decision-extension',
  summary: "Extend the period to decide the case (the bureau head's approval, with a reason)",
  body: DecisionExtensionBody,
  decide: decideDecisionExtension,
});
