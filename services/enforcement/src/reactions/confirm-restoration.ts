import {
  type CloudEvent,
  type EnforcementEvent,
  parseType,
  type RemediationEventData,
  SYSTEM_ACTOR,
  TOPICS,
} from '@landcase/contracts';
import { accepts, stateString } from '@landcase/lifecycle';
import { react, type ServiceContext } from '@landcase/service-kit';
import { existingCase, runCaseCommand } from '../case-view.ts';

type RemediationAccepted = RemediationEventData['RemediationAccepted'];

/** The land passed joint acceptance (nrb and agri): the case's land is restored. */
export function decideConfirmRestoration(accepted: RemediationAccepted): EnforcementEvent[] {
  return [
    { type: 'RestorationConfirmed', data: { caseId: accepted.caseId, acceptedAt: accepted.acceptedAt } },
  ];
}

/** Error for an acceptance that arrives before the case can take it: retried, then dead-lettered. */
export class RestorationTooEarly extends Error {
  override readonly name = 'RestorationTooEarly';
}

export function reactConfirmRestoration(ctx: ServiceContext) {
  return react(ctx, {
    name: 'confirm-restoration',
    topics: [TOPICS.remediation],
    handle: async (event: CloudEvent) => {
      if (parseType(event.type)?.name !== 'RemediationAccepted') return;
      const caseId = event.subject;
      await runCaseCommand(ctx, {
        caseId,
        actor: SYSTEM_ACTOR('enforcement'),
        correlationId: event.correlationid,
        causationId: event.id,
        // A user may record progress on the case at the same moment: decided again on the fresh
        // stream, so that the confirmation is never lost to the race.
        retry: true,
        decide: (snapshot, _history, fields) => {
          // No case at all: the remediation was opened for a batch of historical cases (seed 004
          // §(六)2), not by a decision, so there is no case to confirm. A decided case always
          // exists before its remediation opens.
          if (fields === null) return [];
          const c = existingCase(caseId, fields);
          // Already restored (a redelivery, or the same acceptance twice): nothing to do.
          if (c.restoration) return [];
          const events = decideConfirmRestoration(event.data as RemediationAccepted);
          // No decision yet (nothing to restore against): the acceptance must not be dropped as
          // "already done", so it fails and is retried, and lands in the DLQ if it stays early.
          if (!accepts(snapshot, events[0]!)) {
            throw new RestorationTooEarly(
              `case ${caseId} is ${stateString(snapshot)}: the restoration can only be confirmed once there is a decision`,
            );
          }
          return events;
        },
      });
    },
  });
}
