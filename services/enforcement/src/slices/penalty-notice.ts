import { MeasureField, NonEmpty } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// Notice of intended penalty: the party may state a defence and ask for a hearing (Penalty Law art. 64).

export const PenaltyNoticeBody = Type.Object(
  {
    measures: Type.Array(MeasureField, { minItems: 1, uniqueItems: true }),
    noticeRef: NonEmpty('number of the notice of intended penalty'),
  },
  { additionalProperties: false },
);

export const decidePenaltyNotice = ({ caseId, body }: CaseCommand<Static<typeof PenaltyNoticeBody>>) => [
  {
    type: 'PenaltyNoticeServed' as const,
    data: { caseId, measures: body.measures, noticeRef: body.noticeRef },
  },
];

export const penaltyNoticeRoute = caseCommandRoute({
  path: '/penalty-notice',
  summary: 'Record the notice of intended penalty served on the party',
  body: PenaltyNoticeBody,
  decide: decidePenaltyNotice,
});
