import { Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

export const StopConfirmationBody = Type.Object(
  {
    stopped: Type.Boolean({ description: 'whether the works had stopped when checked' }),
    observedAt: Timestamp,
  },
  { additionalProperties: false },
);

export const decideStopConfirmation = ({
  caseId,
  body,
}: CaseCommand<Static<typeof StopConfirmationBody>>) => [
  { type: 'StopConfirmed' as const, data: { caseId, stopped: body.stopped, observedAt: body.observedAt } },
];

export const stopConfirmationRoute = caseCommandRoute({
  path: '/stop-confirmation',
  summary: 'Record whether the violation stopped after the stop order',
  body: StopConfirmationBody,
  decide: decideStopConfirmation,
});
