import type { Actor, ReferralEvent } from '@landcase/contracts';
import { referralMachine } from '@landcase/lifecycle';
import { executeCommand, type ServiceContext } from '@landcase/service-kit';
import { type ReferralFields, referralFields, referralStreamId } from './referral.ts';
import { loadReferral, type ReferralView } from './referral-view.ts';

export interface ReferralCommand {
  referralId: string;
  actor: Actor;
  /** The If-Match header as received. */
  ifMatch?: string | undefined;
  /** Throws Forbidden when the actor may not do this to this referral. */
  authorize(actor: Actor, referral: ReferralFields): void;
  decide(referral: ReferralFields, now: Date): ReferralEvent[];
}

/**
 * Runs a command on an existing referral: 404 when there is none, 403 when the actor may not,
 * then the machine decides whether the event is allowed (409 otherwise). Returns the referral after.
 */
export async function runReferralCommand(
  ctx: ServiceContext,
  command: ReferralCommand,
): Promise<ReferralView> {
  const before = await loadReferral(ctx, command.referralId);
  command.authorize(command.actor, before.fields);
  await executeCommand(ctx, {
    streamId: referralStreamId(command.referralId),
    caseId: before.caseId,
    machine: referralMachine,
    actor: command.actor,
    ifMatch: command.ifMatch,
    decide: (_snapshot, events) => command.decide(referralFields(events) ?? before.fields, ctx.clock.now()),
  });
  return loadReferral(ctx, command.referralId);
}
