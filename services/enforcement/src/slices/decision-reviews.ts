import { NonEmpty, REVIEW_CONCLUSIONS, Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// The reviews before the decision of a major case: the legal review (法制审核, Administrative
// Penalty Law art. 58) by the bureau's legal reviewer, and the collective review of the bureau's
// leadership (重大案件会审, seed 003 §四; art. 57), recorded by its head. Taken anywhere in the
// investigation; they move nothing. The decision checks the last of each (penalty-decision.ts).

const Conclusion = Type.Union(
  REVIEW_CONCLUSIONS.map((c) => Type.Literal(c)),
  { description: 'approved, or not_approved (the decision then waits for a review that approves it)' },
);

export const CollectiveReviewBody = Type.Object(
  {
    members: Type.Array(NonEmpty('a member of the leadership who took part'), { minItems: 1, maxItems: 50 }),
    conclusion: Conclusion,
    heldAt: Timestamp,
  },
  { additionalProperties: false },
);

export const LegalReviewBody = Type.Object(
  {
    reviewer: NonEmpty("the bureau's legal reviewer (法制审核人员)"),
    conclusion: Conclusion,
    opinion: Type.String({ minLength: 1, maxLength: 4000, description: 'the review opinion' }),
    completedAt: Timestamp,
  },
  { additionalProperties: false },
);

export const decideCollectiveReview = ({
  caseId,
  body,
}: CaseCommand<Static<typeof CollectiveReviewBody>>) => [
  {
    type: 'CollectiveReviewHeld' as const,
    data: { caseId, members: body.members, conclusion: body.conclusion, heldAt: body.heldAt },
  },
];

export const decideLegalReview = ({ caseId, body }: CaseCommand<Static<typeof LegalReviewBody>>) => [
  {
    type: 'LegalReviewCompleted' as const,
    data: {
      caseId,
      reviewer: body.reviewer,
      conclusion: body.conclusion,
      opinion: body.opinion,
      completedAt: body.completedAt,
    },
  },
];

export const collectiveReviewRoute = caseCommandRoute({
  path: '/collective-review',
  summary: "Record the leadership's collective review of a major case (重大案件会审)",
  body: CollectiveReviewBody,
  decide: decideCollectiveReview,
});

export const legalReviewRoute = caseCommandRoute({
  path: '/legal-review',
  summary: 'Record the legal review before the decision (法制审核)',
  body: LegalReviewBody,
  decide: decideLegalReview,
});
