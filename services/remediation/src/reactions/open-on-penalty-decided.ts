import {
  type CloudEvent,
  type EnforcementEventData,
  EnforcementEvents,
  parseType,
  type RemediationEvent,
  topicOf,
} from '@landcase/contracts';
import { ordersRestoration } from '@landcase/lifecycle';
import { checkedData, react, type ServiceContext } from '@landcase/service-kit';
import { openRemediationOnce } from './open-remediation.ts';

// A penalty decision that orders demolition or restoration opens the case's remediation, due by
// the decision's compliance date (Land Management Law art. 77: demolish within a deadline and
// restore). Confiscation or a fine alone leaves nothing to restore: the enforcement case then
// closes once the decision is executed. Both read the same test from the lifecycle package.

type PenaltyDecided = EnforcementEventData['PenaltyDecided'];

export function decideOpening(decided: PenaltyDecided): RemediationEvent[] {
  if (!ordersRestoration(decided.measures)) return [];
  return [
    {
      type: 'RemediationOpened',
      data: {
        caseId: decided.caseId,
        divisionCode: decided.divisionCode,
        landClass: decided.landClass,
        areaMu: decided.areaMu,
        measures: decided.measures,
        dueBy: decided.complyBy,
      },
    },
  ];
}

export async function handlePenaltyDecided(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  if (parseType(event.type)?.name !== 'PenaltyDecided') return;
  const decided = checkedData<PenaltyDecided>(EnforcementEvents.PenaltyDecided, event, 'PenaltyDecided');
  await openRemediationOnce(ctx, event, decided.caseId, decideOpening(decided));
}

export function openOnPenaltyDecided(ctx: ServiceContext) {
  return react(ctx, {
    name: 'open-on-penalty-decided',
    topics: [topicOf('enforcement')],
    handle: (event) => handlePenaltyDecided(ctx, event),
  });
}
