import { type CloudEvent, type RemediationEvent, SYSTEM_ACTOR } from '@landcase/contracts';
import { remediationMachine } from '@landcase/lifecycle';
import { openStreamOnce, type ServiceContext } from '@landcase/service-kit';
import { remediationStreamId } from '../remediation.ts';

/**
 * Opens the case's remediation with `opening`, caused by `cause`, once per case: a redelivery
 * (or whatever else opened it first) finds the stream already there. Nothing to open: nothing done.
 */
export async function openRemediationOnce(
  ctx: ServiceContext,
  cause: CloudEvent,
  caseId: string,
  opening: RemediationEvent[],
): Promise<void> {
  if (opening.length === 0) return;
  await openStreamOnce(ctx, {
    streamId: remediationStreamId(caseId),
    caseId,
    machine: remediationMachine,
    actor: SYSTEM_ACTOR('remediation'),
    cause,
    decide: () => opening,
  });
}
