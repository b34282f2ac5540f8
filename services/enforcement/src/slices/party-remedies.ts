import { NonEmpty, Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// The party's remedies against the penalty decision, as the bureau learns of them: administrative
// reconsideration (行政复议, within 60 days of service) and a lawsuit (行政诉讼, within 6 months, or
// 15 days against a demolition order: Land Management Law art. 83). One at a time, from the decision
// until the court is applied to; the case stays where it is. While one is pending, or once one
// annulled or changed the decision, the bureau may not apply to the court (Administrative
// Compulsion Law art. 53): see court-application.

export const ReconsiderationBody = Type.Object(
  {
    appliedAt: Timestamp,
    authority: NonEmpty('the reconsideration authority the party applied to'),
  },
  { additionalProperties: false },
);

export const ReconsiderationDecisionBody = Type.Object(
  {
    decidedAt: Timestamp,
    upheld: Type.Boolean({ description: 'false when the decision was annulled or changed' }),
    decisionRef: NonEmpty('number of the reconsideration decision'),
  },
  { additionalProperties: false },
);

export const LawsuitBody = Type.Object(
  { filedAt: Timestamp, court: NonEmpty('the court the party sued in') },
  { additionalProperties: false },
);

export const LawsuitJudgmentBody = Type.Object(
  {
    decidedAt: Timestamp,
    upheld: Type.Boolean({ description: 'false when the decision was annulled or changed' }),
    judgmentRef: NonEmpty('number of the judgment'),
  },
  { additionalProperties: false },
);

export const reconsiderationRoute = caseCommandRoute({
  path: '/reconsideration',
  summary: "Record the party's application for reconsideration of the penalty decision",
  body: ReconsiderationBody,
  decide: ({ caseId, body }: CaseCommand<Static<typeof ReconsiderationBody>>) => [
    { type: 'ReconsiderationApplied' as const, data: { caseId, ...body } },
  ],
});

export const reconsiderationDecisionRoute = caseCommandRoute({
  path: '/reconsideration-decision',
  summary: 'Record the outcome of the reconsideration of the penalty decision',
  body: ReconsiderationDecisionBody,
  decide: ({ caseId, body }: CaseCommand<Static<typeof ReconsiderationDecisionBody>>) => [
    { type: 'ReconsiderationDecided' as const, data: { caseId, ...body } },
  ],
});

export const lawsuitRoute = caseCommandRoute({
  path: '/lawsuit',
  summary: "Record the party's lawsuit against the penalty decision",
  body: LawsuitBody,
  decide: ({ caseId, body }: CaseCommand<Static<typeof LawsuitBody>>) => [
    { type: 'LawsuitFiled' as const, data: { caseId, ...body } },
  ],
});

export const lawsuitJudgmentRoute = caseCommandRoute({
  path: '/lawsuit-judgment',
  summary: 'Record the judgment on the lawsuit against the penalty decision',
  body: LawsuitJudgmentBody,
  decide: ({ caseId, body }: CaseCommand<Static<typeof LawsuitJudgmentBody>>) => [
    { type: 'LawsuitDecided' as const, data: { caseId, ...body } },
  ],
});
