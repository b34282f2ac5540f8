import { NonEmpty } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

export const CourtRulingBody = Type.Object(
  {
    granted: Type.Boolean({ description: 'whether compulsory enforcement was granted' }),
    rulingRef: NonEmpty(),
  },
  { additionalProperties: false },
);

export const decideCourtRuling = ({ caseId, body }: CaseCommand<Static<typeof CourtRulingBody>>) => [
  { type: 'CourtRuled' as const, data: { caseId, granted: body.granted, rulingRef: body.rulingRef } },
];

export const courtRulingRoute = caseCommandRoute({
  path: '/court-ruling',
  summary: "Record the court's ruling on the application (court only)",
  body: CourtRulingBody,
  decide: decideCourtRuling,
});
