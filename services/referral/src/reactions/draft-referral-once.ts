import { type CloudEvent, type ReferralEventData, SYSTEM_ACTOR } from '@landcase/contracts';
import { referralMachine } from '@landcase/lifecycle';
import { openStreamOnce, type ServiceContext } from '@landcase/service-kit';
import { referralStreamId } from '../referral.ts';

export type ReferralDraft = { type: 'ReferralDrafted'; data: ReferralEventData['ReferralDrafted'] };

/**
 * Drafts a referral the rules call for, in the system's name, caused by `cause`. Its id is
 * deterministic, so a redelivery finds the referral already drafted and does nothing.
 * `metadata` records why (the rule-set version, what was added up).
 */
export async function draftReferralOnce(
  ctx: ServiceContext,
  cause: CloudEvent,
  draft: ReferralDraft,
  metadata: Record<string, unknown>,
): Promise<void> {
  await openStreamOnce(ctx, {
    streamId: referralStreamId(draft.data.referralId),
    caseId: draft.data.caseId,
    machine: referralMachine,
    actor: SYSTEM_ACTOR('referral'),
    cause,
    decide: () => [{ ...draft, metadata }],
  });
}
