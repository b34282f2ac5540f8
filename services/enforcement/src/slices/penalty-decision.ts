import type { FieldError } from '@landcase/contracts';
import { MeasureField, NonEmpty, Timestamp } from '@landcase/contracts';
import { checkPenaltyMeasures } from '@landcase/lifecycle';
import { RuleViolation, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// The penalty decision (Land Management Law art. 77; Penalty Law art. 59). A fine may not replace
// demolition or confiscation on PBF or farmland (seed 003 §五): the rule set refuses it.

export const PenaltyDecisionBody = Type.Object(
  {
    measures: Type.Array(MeasureField, { minItems: 1, uniqueItems: true }),
    fineYuan: Type.Optional(
      Type.Number({ minimum: 0, description: 'the fine in yuan, when one is imposed' }),
    ),
    complyBy: Timestamp,
    decisionRef: NonEmpty('number of the penalty decision document'),
    // When the decision was served on the party: the periods to ask for reconsideration or to sue
    // run from it. Default: the time it is recorded (served on the spot).
    servedAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
type PenaltyDecision = Static<typeof PenaltyDecisionBody>;

/** A fine needs an amount, and an amount needs a fine among the measures. */
export function validatePenaltyDecision(body: PenaltyDecision): FieldError[] {
  const fined = body.measures.includes('fine');
  if (fined && body.fineYuan === undefined)
    return [{ path: '/fineYuan', reason: "required when 'fine' is a measure" }];
  if (!fined && body.fineYuan !== undefined) {
    return [{ path: '/fineYuan', reason: "only allowed when 'fine' is a measure" }];
  }
  return [];
}

export function decidePenaltyDecision({
  caseId,
  body,
  case: c,
  now,
  calendar,
  ruleSet,
}: CaseCommand<PenaltyDecision>) {
  const refusal = checkPenaltyMeasures({ landClass: c.landClass, measures: body.measures }, ruleSet);
  if (refusal) throw new RuleViolation(refusal);
  // The party's periods are counted from the service: on a date the calendar can count.
  if (body.servedAt !== undefined) {
    try {
      const served = new Date(body.servedAt);
      calendar.assertCovers(served, served);
    } catch {
      throw new ValidationProblem([
        { path: '/servedAt', reason: 'a date in a year the business calendar cannot count' },
      ]);
    }
  }
  return [
    {
      type: 'PenaltyDecided' as const,
      data: {
        caseId,
        measures: body.measures,
        ...(body.fineYuan !== undefined ? { fineYuan: body.fineYuan } : {}),
        complyBy: body.complyBy,
        decisionRef: body.decisionRef,
        servedAt: body.servedAt ?? now.toISOString(),
        divisionCode: c.divisionCode,
        landClass: c.landClass,
        areaMu: c.areaMu,
      },
    },
  ];
}

export const penaltyDecisionRoute = caseCommandRoute({
  path: '/penalty-decision',
  summary: 'Record the penalty decision',
  body: PenaltyDecisionBody,
  validate: validatePenaltyDecision,
  decide: decidePenaltyDecision,
});
