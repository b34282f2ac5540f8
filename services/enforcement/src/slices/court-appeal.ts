import { NonEmpty, Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// Within 15 days of a ruling not to accept or not to enforce its application, the bureau may ask
// the court at the next level to reconsider (复议); that court rules within 30 days (Administrative
// Compulsion Law art. 58). Once per refusal: the machine refuses a second appeal of the same one.
// The court's ruling comes through the court-ruling route, as the first court's did.

export const CourtAppealBody = Type.Object(
  {
    appealedAt: Timestamp,
    courtRef: Type.Optional(NonEmpty("the higher court's docket number, once known")),
  },
  { additionalProperties: false },
);

export const decideCourtAppeal = ({ caseId, body }: CaseCommand<Static<typeof CourtAppealBody>>) => [
  {
    type: 'CourtRulingAppealed' as const,
    data: {
      caseId,
      appealedAt: body.appealedAt,
      ...(body.courtRef === undefined ? {} : { courtRef: body.courtRef }),
    },
  },
];

export const courtAppealRoute = caseCommandRoute({
  path: '/court-appeal',
  summary: "Record the bureau's request to the court at the next level to reconsider a refusal",
  body: CourtAppealBody,
  decide: decideCourtAppeal,
});
