import {
  type CloudEvent,
  type EnforcementEventData,
  EnforcementEvents,
  parseType,
  type RemediationEvent,
  SYSTEM_ACTOR,
  topicOf,
} from '@landcase/contracts';
import { ordersRestoration, remediationMachine } from '@landcase/lifecycle';
import {
  ConcurrencyConflict,
  executeCommand,
  IllegalTransition,
  react,
  type ServiceContext,
} from '@landcase/service-kit';
import { Value } from '@sinclair/typebox/value';
import { remediationStreamId } from '../remediation.ts';

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
  if (!Value.Check(EnforcementEvents.PenaltyDecided, event.data)) {
    const first = [...Value.Errors(EnforcementEvents.PenaltyDecided, event.data)][0];
    throw new Error(`PenaltyDecided ${event.id} does not match its schema: ${first?.path} ${first?.message}`);
  }
  const decided = event.data as PenaltyDecided;
  const opening = decideOpening(decided);
  if (opening.length === 0) return;
  try {
    await executeCommand(ctx, {
      streamId: remediationStreamId(decided.caseId),
      caseId: decided.caseId,
      machine: remediationMachine,
      actor: SYSTEM_ACTOR('remediation'),
      // One remediation per case: a redelivered decision finds the stream already there.
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

export function openOnPenaltyDecided(ctx: ServiceContext) {
  return react(ctx, {
    name: 'open-on-penalty-decided',
    topics: [topicOf('enforcement')],
    handle: (event) => handlePenaltyDecided(ctx, event),
  });
}
