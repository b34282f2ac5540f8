import {
  type CloudEvent,
  type DetectionEventData,
  DetectionEvents,
  parseType,
  type RemediationEvent,
  SYSTEM_ACTOR,
  topicOf,
} from '@landcase/contracts';
import { remediationMachine } from '@landcase/lifecycle';
import {
  ConcurrencyConflict,
  executeCommand,
  IllegalTransition,
  react,
  type ServiceContext,
} from '@landcase/service-kit';
import { Value } from '@sinclair/typebox/value';
import { remediationStreamId } from '../remediation.ts';

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
  if (!Value.Check(DetectionEvents.HistoricalBatched, event.data)) {
    const first = [...Value.Errors(DetectionEvents.HistoricalBatched, event.data)][0];
    throw new Error(
      `HistoricalBatched ${event.id} does not match its schema: ${first?.path} ${first?.message}`,
    );
  }
  const batched = event.data as HistoricalBatched;
  const opening = decideHistoricalOpening(batched);
  if (opening.length === 0) return;
  try {
    await executeCommand(ctx, {
      streamId: remediationStreamId(batched.caseId),
      caseId: batched.caseId,
      machine: remediationMachine,
      actor: SYSTEM_ACTOR('remediation'),
      // One remediation per clue: a redelivery finds the stream already there.
      expected: 'no_stream',
      correlationId: event.correlationid,
      causationId: event.id,
      decide: () => opening,
    });
  } catch (error) {
    if (error instanceof ConcurrencyConflict || error instanceof IllegalTransition) return;
    throw error;
  }
}

export function openOnHistoricalBatched(ctx: ServiceContext) {
  return react(ctx, {
    name: 'open-on-historical-batched',
    topics: [topicOf('detection')],
    handle: (event) => handleHistoricalBatched(ctx, event),
  });
}
