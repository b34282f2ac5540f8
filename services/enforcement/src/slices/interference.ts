import { Evidence, NonEmpty, Official, Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// Any attempt by an official or insider to interfere with a case is itself recorded and reported
// (seed 003 §四). Any agency party to the case may record it, wherever the case stands; the
// referral service drafts a referral to the discipline commission for each record.

export const InterferenceBody = Type.Object(
  {
    interferer: Official,
    conduct: NonEmpty('what was attempted: a request to drop or soften the case, a threat, a leak'),
    occurredAt: Timestamp,
    evidence: Type.Optional(Type.Array(Evidence, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

export const decideInterference = ({
  caseId,
  body,
  case: c,
  now,
  actor,
}: CaseCommand<Static<typeof InterferenceBody>>) => [
  {
    type: 'InterferenceRecorded' as const,
    data: {
      caseId,
      // Numbered from the case's own records: the appended revision makes it unique per case.
      interferenceNo: c.interferences.length + 1,
      interferer: body.interferer,
      conduct: body.conduct,
      occurredAt: body.occurredAt,
      evidence: body.evidence ?? [],
      recordedBy: actor.agency,
      recordedAt: now.toISOString(),
      divisionCode: c.divisionCode,
    },
  },
];

export const interferenceRoute = caseCommandRoute({
  path: '/interference',
  summary: 'Record an attempt by an official or insider to interfere with the case',
  body: InterferenceBody,
  // The auditor reads and changes nothing.
  decide: decideInterference,
});
