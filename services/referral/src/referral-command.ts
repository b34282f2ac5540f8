import type { Actor, ReferralEvent } from '@landcase/contracts';
import { referralMachine } from '@landcase/lifecycle';
import { executeCommand, type ServiceContext } from '@landcase/service-kit';
import type { SnapshotFrom } from 'xstate';
import { type ReferralFields, referralFields, referralStreamId } from './referral.ts';
import { type LoadedReferral, loadReferral, type ReferralView } from './referral-view.ts';

export interface ReferralCommand {
  /** The referral as the route's access check read it. */
  before: LoadedReferral;
  actor: Actor;
  /** The If-Match header as received. */
  ifMatch?: string | undefined;
  requestId?: string;
  /** The events; `snapshot` is the referral's machine before them (to act only on what it accepts). */
  decide(
    referral: ReferralFields,
    now: Date,
    snapshot: SnapshotFrom<typeof referralMachine>,
  ): ReferralEvent[] | Promise<ReferralEvent[]>;
}

/**
 * Runs a command on an existing referral the access check read and allowed: the machine decides
 * whether the event is allowed (409 otherwise), the append checks nobody changed it since.
 * Returns the referral after.
 */
export async function runReferralCommand(
  ctx: ServiceContext,
  command: ReferralCommand,
): Promise<ReferralView> {
  const { before } = command;
  await executeCommand(ctx, {
    streamId: referralStreamId(before.referralId),
    caseId: before.caseId,
    machine: referralMachine,
    actor: command.actor,
    ifMatch: command.ifMatch,
    requestId: command.requestId,
    history: before.events,
    decide: (snapshot, events) =>
      command.decide(referralFields(events) ?? before.fields, ctx.clock.now(), snapshot),
  });
  // Read back: the fields carry the times the store recorded.
  return loadReferral(ctx, before.referralId);
}
