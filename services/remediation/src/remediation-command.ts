import type { Actor, RemediationEvent } from '@landcase/contracts';
import { remediationMachine } from '@landcase/lifecycle';
import { executeCommand, NotFound, type ServiceContext } from '@landcase/service-kit';
import type { SnapshotFrom } from 'xstate';
import { type RemediationFields, remediationFields, remediationStreamId } from './remediation.ts';
import { loadRemediation, type RemediationView } from './remediation-view.ts';

export interface RemediationCommand {
  caseId: string;
  actor: Actor;
  /** The If-Match header as received. */
  ifMatch?: string | undefined;
  /** The events to append, given the remediation read from its stream and the folded snapshot. */
  decide(
    remediation: RemediationFields,
    snapshot: SnapshotFrom<typeof remediationMachine>,
  ): RemediationEvent[];
}

/**
 * Runs a command on a case's existing remediation: 404 when there is none, then the machine
 * decides whether the events are allowed (409 otherwise). Returns the remediation after.
 */
export async function runRemediationCommand(
  ctx: ServiceContext,
  command: RemediationCommand,
): Promise<RemediationView> {
  const { caseId } = command;
  await executeCommand(ctx, {
    streamId: remediationStreamId(caseId),
    caseId,
    machine: remediationMachine,
    actor: command.actor,
    ifMatch: command.ifMatch,
    decide: (snapshot, events) => {
      const remediation = remediationFields(events);
      if (!remediation) throw new NotFound(`no remediation for case ${caseId}`);
      return command.decide(remediation, snapshot);
    },
  });
  return loadRemediation(ctx, caseId);
}
