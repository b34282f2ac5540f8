import {
  type CloudEvent,
  type EnforcementEventData,
  EnforcementEvents,
  parseType,
  type ReferralEventData,
  topicOf,
} from '@landcase/contracts';
import { RULE_SET } from '@landcase/lifecycle';
import { checkedData, react, type ServiceContext } from '@landcase/service-kit';
import { caseDivision, recordCaseDivision } from '../case-divisions.ts';
import { draftReferralOnce } from './draft-referral-once.ts';

// A party that refuses to stop, or obstructs enforcement, is referred to public security at once
// (seed 002, duties of the public security bureau; 33号文 §四: cases meeting resistance are
// reported at once). Enforcement records it as StopConfirmed with `stopped: false`; the referral is
// drafted in the bureau's name for the head to approve, like the rule drafts on CaseFiled.
//
// The same consumer records each case's division from CaseOpened: both travel on the enforcement
// topic keyed by case id, so the case's CaseOpened is always handled before its StopConfirmed.

export const OBSTRUCTION_RULE = {
  id: 'referral.psb.obstruction',
  source: 'seed 002 公安局 duties; 33号文 §四',
} as const;

export const OBSTRUCTION_REASON = 'refusal to stop / obstruction of enforcement';

type StopConfirmed = EnforcementEventData['StopConfirmed'];

/** One per case: a second refusal in the same case is already on the police's desk. */
export const obstructionReferralId = (caseId: string): string => `${caseId}.psb-obstruction`;

export function decideObstructionDraft(
  stop: StopConfirmed,
  divisionCode: string,
): { type: 'ReferralDrafted'; data: ReferralEventData['ReferralDrafted'] } | null {
  if (stop.stopped) return null;
  const referralId = obstructionReferralId(stop.caseId);
  return {
    type: 'ReferralDrafted',
    data: {
      caseId: stop.caseId,
      referralId,
      from: 'nrb',
      to: 'psb',
      divisionCode,
      reason: OBSTRUCTION_REASON,
      // Placeholders the bureau replaces with the signed documents before dispatch.
      documents: [
        { kind: 'referral-letter', ref: `pending:${referralId}/referral-letter` },
        { kind: 'stop-order-record', ref: `pending:${stop.caseId}/stop-order-record` },
      ],
      ruleId: OBSTRUCTION_RULE.id,
      ruleSetVersion: RULE_SET.version,
    },
  };
}

export async function handleObstruction(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  const name = parseType(event.type)?.name;
  if (name === 'CaseOpened') {
    const opened = checkedData<EnforcementEventData['CaseOpened']>(EnforcementEvents.CaseOpened, event, name);
    await recordCaseDivision(ctx.readModels, opened.caseId, opened.divisionCode);
    return;
  }
  if (name !== 'StopConfirmed') return;
  const stop = checkedData<StopConfirmed>(EnforcementEvents.StopConfirmed, event, name);
  if (stop.stopped) return;
  const divisionCode = await caseDivision(ctx.readModels, stop.caseId);
  // Retried, then parked on the DLQ: a referral is never drafted without its division.
  if (!divisionCode) throw new Error(`StopConfirmed ${event.id}: no CaseOpened seen for case ${stop.caseId}`);
  const draft = decideObstructionDraft(stop, divisionCode);
  if (!draft) return;
  // One per case: a redelivery, or a second refusal in the same case, finds it already drafted.
  await draftReferralOnce(ctx, event, draft, { ruleSetVersion: RULE_SET.version });
}

export function draftOnObstruction(ctx: ServiceContext) {
  return react(ctx, {
    name: 'draft-on-obstruction',
    topics: [topicOf('enforcement')],
    handle: (event) => handleObstruction(ctx, event),
  });
}
