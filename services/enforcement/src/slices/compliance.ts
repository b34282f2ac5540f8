import { Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

export const ComplianceBody = Type.Object(
  {
    complied: Type.Boolean({ description: 'whether the party complied with the decision' }),
    observedAt: Timestamp,
  },
  { additionalProperties: false },
);

export const decideCompliance = ({ caseId, body }: CaseCommand<Static<typeof ComplianceBody>>) => [
  {
    type: 'ComplianceRecorded' as const,
    data: { caseId, complied: body.complied, observedAt: body.observedAt },
  },
];

export const complianceRoute = caseCommandRoute({
  path: '/compliance',
  summary: 'Record whether the party complied with the penalty decision',
  body: ComplianceBody,
  decide: decideCompliance,
});
