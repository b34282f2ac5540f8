import { NonEmpty, Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// 责令停止违法行为通知书: served at once on an ongoing violation, on site.

export const StopOrderBody = Type.Object(
  { servedAt: Timestamp, documentRef: NonEmpty('number of the stop-order document') },
  { additionalProperties: false },
);

export const decideStopOrder = ({ caseId, body }: CaseCommand<Static<typeof StopOrderBody>>) => [
  {
    type: 'StopOrderServed' as const,
    data: { caseId, servedAt: body.servedAt, documentRef: body.documentRef },
  },
];

export const stopOrderRoute = caseCommandRoute({
  path: '/stop-order',
  summary: 'Record the stop order served on the party',
  body: StopOrderBody,
  decide: decideStopOrder,
});
