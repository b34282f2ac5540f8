import type { FieldError } from '@landcase/contracts';
import { DecisionContentsFields, MeasureField, NonEmpty, Timestamp } from '@landcase/contracts';
import {
  accepts,
  checkDecisionContents,
  checkDecisionReviews,
  checkPenaltyMeasures,
} from '@landcase/lifecycle';
import { RuleViolation, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// The penalty decision (Land Management Law art. 77; Penalty Law art. 59). A fine may not replace
// demolition or confiscation on PBF or farmland (seed 003 §五): the rule set refuses it. A major
// case (area, land class, fine) needs the collective and the legal review first, a demolition or a
// confiscation the legal review (penalty.major.*, penalty.legal-review.measures), approved in the
// last review of each kind; and the decision states what art. 59 asks (penalty.decision.contents).
// Each refusal is a 422 naming its rule; the contents are optional in the schema so that the rule,
// not the schema, names the ones missing.

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
    ...DecisionContentsFields,
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
  snapshot,
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
  const decided = decisionOf(caseId, body, c, now);
  // Before the hearing step a decision is out of order (409), whatever it lacks.
  if (snapshot && !accepts(snapshot, decided)) return [decided];
  const unreviewed = checkDecisionReviews({
    landClass: c.landClass,
    areaMu: c.areaMu,
    measures: body.measures,
    ...(body.fineYuan === undefined ? {} : { fineYuan: body.fineYuan }),
    collectiveReviewed: c.collectiveReviews?.at(-1)?.conclusion === 'approved',
    legalReviewed: c.legalReviews?.at(-1)?.conclusion === 'approved',
  });
  if (unreviewed) {
    const { missing, ...rule } = unreviewed;
    throw new RuleViolation(rule, { missing });
  }
  const incomplete = checkDecisionContents(body);
  if (incomplete) {
    const { missing, ...rule } = incomplete;
    throw new RuleViolation(rule, {
      errors: missing.map((path) => ({ path, reason: 'required in a penalty decision (art. 59)' })),
    });
  }
  return [decided];
}

function decisionOf(
  caseId: string,
  body: PenaltyDecision,
  c: CaseCommand<PenaltyDecision>['case'],
  now: Date,
) {
  const { measures, fineYuan, complyBy, decisionRef, servedAt, ...contents } = body;
  return {
    type: 'PenaltyDecided' as const,
    data: {
      caseId,
      measures,
      ...(fineYuan !== undefined ? { fineYuan } : {}),
      complyBy,
      decisionRef,
      servedAt: servedAt ?? now.toISOString(),
      divisionCode: c.divisionCode,
      landClass: c.landClass,
      areaMu: c.areaMu,
      ...contents,
    },
  };
}

export const penaltyDecisionRoute = caseCommandRoute({
  path: '/penalty-decision',
  summary: 'Record the penalty decision',
  body: PenaltyDecisionBody,
  validate: validatePenaltyDecision,
  decide: decidePenaltyDecision,
});
