import { NonEmpty, ServiceRefusalRecipient, Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import { type CaseCommand, caseCommandRoute } from '../case-command.ts';

// Water, power and gas companies and lenders may not serve an illegal occupation, nor agencies
// license or register a business in its buildings (seed 002 §三). The government notifies them and
// records that the notices went out: a fact on the case, which stays where it is. Taken from the
// stop order (or the filing, when nothing was going on) until the land is restored.

export const ServiceRefusalBody = Type.Object(
  {
    recipients: Type.Array(ServiceRefusalRecipient, { minItems: 1, maxItems: 100 }),
    documentRef: NonEmpty('number of the notice sent'),
    sentAt: Timestamp,
  },
  { additionalProperties: false },
);

export const decideServiceRefusal = ({ caseId, body }: CaseCommand<Static<typeof ServiceRefusalBody>>) => [
  {
    type: 'ServiceRefusalNoticesSent' as const,
    data: { caseId, recipients: body.recipients, documentRef: body.documentRef, sentAt: body.sentAt },
  },
];

export const serviceRefusalRoute = caseCommandRoute({
  path: '/service-refusal',
  summary: 'Record the notices sent to utilities and agencies to refuse service to the illegal site',
  body: ServiceRefusalBody,
  decide: decideServiceRefusal,
});
