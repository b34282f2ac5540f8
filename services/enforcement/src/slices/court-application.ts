import type { FieldError } from '@landcase/contracts';
import { Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// Non-compliance: serve a reminder (催告书), then apply to the court for compulsory demolition
// (Administrative Compulsion Law arts. 53-54).

export const CourtApplicationBody = Type.Object(
  { reminderServedAt: Timestamp, appliedAt: Timestamp },
  { additionalProperties: false },
);
type CourtApplication = Static<typeof CourtApplicationBody>;

export function validateCourtApplication(body: CourtApplication): FieldError[] {
  return Date.parse(body.appliedAt) < Date.parse(body.reminderServedAt)
    ? [{ path: '/appliedAt', reason: 'the application cannot precede the reminder' }]
    : [];
}

export const decideCourtApplication = ({ caseId, body }: CaseCommand<CourtApplication>) => [
  {
    type: 'CourtApplicationFiled' as const,
    data: { caseId, reminderServedAt: body.reminderServedAt, appliedAt: body.appliedAt },
  },
];

export const courtApplicationRoute = caseCommandRoute({
  path: '/court-application',
  summary: 'Record the application to the court for compulsory enforcement',
  body: CourtApplicationBody,
  validate: validateCourtApplication,
  decide: decideCourtApplication,
});
