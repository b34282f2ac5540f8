import { NonEmpty } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// 结案: only once the penalty is executed and the land restored; the machine refuses it earlier.

export const ClosureBody = Type.Object(
  { summary: NonEmpty('how the case ended') },
  { additionalProperties: false },
);

export const decideClosure = ({ caseId, body, now }: CaseCommand<Static<typeof ClosureBody>>) => [
  { type: 'CaseClosed' as const, data: { caseId, summary: body.summary, closedAt: now.toISOString() } },
];

export const closureRoute = caseCommandRoute({
  path: '/closure',
  summary: 'Close the case',
  body: ClosureBody,
  decide: decideClosure,
});
