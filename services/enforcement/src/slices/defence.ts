import { NonEmpty, Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// Before a major penalty the party may state a defence (陈述、申辩) within 5 days of the notice of
// intended penalty (Administrative Penalty Law art. 64; MNR Measures arts. 33-34). The bureau records
// what it received: it must hear it and may not raise the penalty because of it (art. 45), so the
// case stays where it is. Taken from the notice until the decision.

export const DefenceBody = Type.Object(
  {
    statement: NonEmpty('summary of what the party stated'),
    receivedAt: Timestamp,
    documentRef: Type.Optional(NonEmpty('the written defence or the record of the oral one')),
  },
  { additionalProperties: false },
);

export const decideDefence = ({ caseId, body }: CaseCommand<Static<typeof DefenceBody>>) => [
  {
    type: 'DefenceStated' as const,
    data: {
      caseId,
      statement: body.statement,
      receivedAt: body.receivedAt,
      ...(body.documentRef === undefined ? {} : { documentRef: body.documentRef }),
    },
  },
];

export const defenceRoute = caseCommandRoute({
  path: '/defence',
  summary: "Record the party's statement and defence against the intended penalty",
  body: DefenceBody,
  decide: decideDefence,
});
