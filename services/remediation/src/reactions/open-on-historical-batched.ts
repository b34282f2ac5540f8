import {
  type CloudEvent,
  type DetectionEventData,
  DetectionEvents,
  parseType,
  type RemediationEvent,
  topicOf,
} from '@landcase/contracts';
import { checkedData, react, type ServiceContext } from '@landcase/service-kit';
import { openRemediationOnce } from './open-remediation.ts';

// A batch of historical cases whose disposition is demolition and restoration (seed 004 §(六)2
// 分类处置; Land Management Law art. 77) opens a remediation for each of its clues, due by the
// batch's date, as a penalty decision does for a case: the land is then demolished, re-cultivated
// and jointly accepted like any other. Regularisation or confiscation leaves nothing to restore.

type HistoricalBatched = DetectionEventData['HistoricalBatched'];

export function decideHistoricalOpening(batched: HistoricalBatched): RemediationEvent[] {
  if (batched.disposition !== 'demolish_restore') return [];
  return [
    {
      type: 'RemediationOpened',
      data: {
        caseId: batched.caseId,
        divisionCode: batched.divisionCode,
        landClass: batched.landClass,
        areaMu: batched.areaMu,
        measures: ['demolish', 'restore'],
        dueBy: batched.dueBy,
      },
    },
  ];
}

export async function handleHistoricalBatched(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  if (parseType(event.type)?.name !== 'HistoricalBatched') return;
  const batched = checkedData<HistoricalBatched>(
    DetectionEvents.HistoricalBatched,
    event,
    'HistoricalBatched',
  );
  await openRemediationOnce(ctx, event, batched.caseId, decideHistoricalOpening(batched));
}

export function openOnHistoricalBatched(ctx: ServiceContext) {
  return react(ctx, {
    name: 'open-on-historical-batched',
    topics: [topicOf('detection')],
    handle: (event) => handleHistoricalBatched(ctx, event),
  });
}
