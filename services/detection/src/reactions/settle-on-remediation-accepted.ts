import {
  type CloudEvent,
  type DetectionEvent,
  parseType,
  type RemediationEventData,
  RemediationEvents,
  SYSTEM_ACTOR,
  topicOf,
} from '@landcase/contracts';
import { clueMachine, SETTLED_BY_ACCEPTANCE_RULE } from '@landcase/lifecycle';
import { checkedData, executeCommand, react, type ServiceContext } from '@landcase/service-kit';
import { clueFields, clueStreamId } from '../clue.ts';

// A historical clue of a batch to be demolished and restored is closed when the bureau and
// agriculture have accepted its restored land (seed 004 §(六)2; seed 002): the remediation service's
// RemediationAccepted, on its topic, settles the clue (HistoricalSettled, by the system), and the
// batch counts it as it counts any other (reactions/batch-historical-clues.ts). The remediation of
// such a clue carries the clue's case id (it was opened from HistoricalBatched).
// Idempotent: a clue already settled, or not waiting in such a batch, is left as it is.

type Accepted = RemediationEventData['RemediationAccepted'];

/** The clue's settlement by the acceptance, or none when it does not wait for one. */
export function decideSettledByAcceptance(
  accepted: Accepted,
  events: readonly { type: string; data: unknown }[],
): DetectionEvent[] {
  const handling = clueFields(events)?.historical;
  if (!handling || handling.settled || handling.disposition !== 'demolish_restore') return [];
  return [
    {
      type: 'HistoricalSettled',
      data: {
        caseId: accepted.caseId,
        batchId: handling.batchId,
        disposition: handling.disposition,
        note: `restored land accepted jointly by the bureau and agriculture (RemediationAccepted; ${SETTLED_BY_ACCEPTANCE_RULE})`,
        settledAt: accepted.acceptedAt,
      },
    },
  ];
}

export async function handleRemediationAccepted(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  if (parseType(event.type)?.name !== 'RemediationAccepted') return;
  const accepted = checkedData<Accepted>(RemediationEvents.RemediationAccepted, event, 'RemediationAccepted');
  // A case's remediation that came from no clue of ours (or a clue not yet stored) has nothing here.
  const history = await ctx.store.readStream(clueStreamId(accepted.caseId));
  if (history.length === 0) return;
  await executeCommand(ctx, {
    streamId: clueStreamId(accepted.caseId),
    caseId: accepted.caseId,
    machine: clueMachine,
    actor: SYSTEM_ACTOR('detection'),
    correlationId: event.correlationid,
    causationId: event.id,
    decide: (_snapshot, events) => decideSettledByAcceptance(accepted, events),
    retry: true,
  });
}

export function settleOnRemediationAccepted(ctx: ServiceContext) {
  return react(ctx, {
    name: 'settle-on-remediation-accepted',
    topics: [topicOf('remediation')],
    handle: (event) => handleRemediationAccepted(ctx, event),
  });
}
