import { AreaMu, LandClassField, NonEmpty, Official } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// An approval behind the occupation found illegal (非法批准征收、占用土地): the bureau records it on
// the case; the referral service refers it to the discipline commission, saying whether the area
// reaches the serious threshold of 法释〔2000〕14号 art. 4.

export const IllegalApprovalBody = Type.Object(
  {
    approvalRef: NonEmpty('number of the approval document'),
    approvingAuthority: NonEmpty('the body that approved'),
    approvingOfficial: Type.Optional(Official),
    areaMu: Type.Number({ ...AreaMu, exclusiveMinimum: 0, description: 'area the approval gave, in mu' }),
    landClass: LandClassField,
    finding: Type.Optional(NonEmpty('why the approval is illegal')),
  },
  { additionalProperties: false },
);

export const decideIllegalApproval = ({
  caseId,
  body,
  case: c,
  now,
}: CaseCommand<Static<typeof IllegalApprovalBody>>) => [
  {
    type: 'IllegalApprovalRecorded' as const,
    data: {
      caseId,
      approvalNo: c.illegalApprovals.length + 1,
      approvalRef: body.approvalRef,
      approvingAuthority: body.approvingAuthority,
      ...(body.approvingOfficial ? { approvingOfficial: body.approvingOfficial } : {}),
      areaMu: body.areaMu,
      landClass: body.landClass,
      ...(body.finding ? { finding: body.finding } : {}),
      recordedAt: now.toISOString(),
      divisionCode: c.divisionCode,
    },
  },
];

export const illegalApprovalRoute = caseCommandRoute({
  path: '/illegal-approval',
  summary: 'Record an approval behind the occupation found illegal',
  body: IllegalApprovalBody,
  decide: decideIllegalApproval,
});
