import { MeasureField, NonEmpty } from '@landcase/contracts';
import { checkPenaltyMeasures } from '@landcase/lifecycle';
import { RuleViolation } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// Notice of intended penalty: the party may state a defence and ask for a hearing (Penalty Law art. 64).
// It announces the measures the decision will carry, so a fine alone on PBF or farmland is refused
// here already (seed 003 §五; Land Management Law art. 77), not only at the decision.

export const PenaltyNoticeBody = Type.Object(
  {
    measures: Type.Array(MeasureField, { minItems: 1, uniqueItems: true }),
    noticeRef: NonEmpty('number of the notice of intended penalty'),
  },
  { additionalProperties: false },
);

export const decidePenaltyNotice = ({
  caseId,
  body,
  case: c,
  ruleSet,
}: CaseCommand<Static<typeof PenaltyNoticeBody>>) => {
  const refusal = checkPenaltyMeasures({ landClass: c.landClass, measures: body.measures }, ruleSet);
  if (refusal) throw new RuleViolation(refusal);
  return [
    {
      type: 'PenaltyNoticeServed' as const,
      data: { caseId, measures: body.measures, noticeRef: body.noticeRef },
    },
  ];
};

export const penaltyNoticeRoute = caseCommandRoute({
  path: '/penalty-notice',
  summary: 'Record the notice of intended penalty served on the party',
  body: PenaltyNoticeBody,
  decide: decidePenaltyNotice,
});
