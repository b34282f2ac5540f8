import type { FieldError } from '@landcase/contracts';
import { Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

export const HearingBody = Type.Object(
  {
    requested: Type.Boolean({ description: 'whether the party asked for a hearing' }),
    heldAt: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
);
type Hearing = Static<typeof HearingBody>;

/** A hearing nobody asked for cannot have been held. */
export function validateHearing(body: Hearing): FieldError[] {
  return !body.requested && body.heldAt !== undefined
    ? [{ path: '/heldAt', reason: 'a hearing that was not requested has no date' }]
    : [];
}

export const decideHearing = ({ caseId, body }: CaseCommand<Hearing>) => [
  {
    type: 'HearingRecorded' as const,
    data: {
      caseId,
      requested: body.requested,
      ...(body.heldAt !== undefined ? { heldAt: body.heldAt } : {}),
    },
  },
];

export const hearingRoute = caseCommandRoute({
  path: '/hearing',
  summary: 'Record whether a hearing was requested, and when it was held',
  body: HearingBody,
  validate: validateHearing,
  decide: decideHearing,
});
