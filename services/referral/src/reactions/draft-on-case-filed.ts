import {
  type CloudEvent,
  type EnforcementEventData,
  EnforcementEvents,
  type LandClass,
  parseType,
  type ReferralEventData,
  topicOf,
} from '@landcase/contracts';
import { RULE_SET, type RuleSet, referralTargetsFor } from '@landcase/lifecycle';
import { checkedData, react, type ServiceContext } from '@landcase/service-kit';
import { type RecordedOccupation, recordOccupation } from '../party-occupations.ts';
import { ruleReferralId } from '../referral.ts';
import { draftReferralOnce } from './draft-referral-once.ts';

// When enforcement files a case, the referral rules decide which agencies must get it
// (PBF ≥ 5 mu or farmland ≥ 10 mu → police and discipline commission; the party's earlier
// occupations within a year add up for the police) and a referral is drafted for each, in the
// bureau's name, for the head to approve.

type CaseFiled = EnforcementEventData['CaseFiled'];

export interface RuleDraft {
  referralId: string;
  event: { type: 'ReferralDrafted'; data: ReferralEventData['ReferralDrafted'] };
  /** The area and the earlier cases added up to reach the threshold, when any were. */
  accumulated?: { areaMu: number; priorCaseIds: string[] };
}

/**
 * The referrals a filed case calls for. `priorOccupations` are the party's occupations filed
 * before this one; every one of them is passed, as none is known to be handled yet.
 */
export function decideRuleDrafts(
  filed: CaseFiled,
  priorOccupations: readonly RecordedOccupation[] = [],
  ruleSet: RuleSet = RULE_SET,
): RuleDraft[] {
  const occupation = {
    landClass: filed.landClass as LandClass,
    areaMu: filed.areaMu,
    // The filing time, not the clock: a replay months later decides as the first delivery did.
    at: filed.filedAt,
    priorOccupations,
  };
  return referralTargetsFor(occupation, ruleSet).map((target) => {
    const referralId = ruleReferralId(filed.caseId, target.to);
    return {
      referralId,
      ...(target.accumulated
        ? {
            accumulated: {
              areaMu: target.accumulated.areaMu,
              priorCaseIds: target.accumulated.priorCaseIds,
            },
          }
        : {}),
      event: {
        type: 'ReferralDrafted',
        data: {
          caseId: filed.caseId,
          referralId,
          from: 'nrb',
          to: target.to,
          divisionCode: filed.divisionCode,
          reason: target.reason,
          // Placeholders the bureau replaces with the signed documents before dispatch.
          documents: [
            { kind: 'referral-letter', ref: `pending:${referralId}/referral-letter` },
            { kind: 'investigation-report', ref: `pending:${filed.caseId}/investigation-report` },
            { kind: 'evidence-list', ref: `pending:${filed.caseId}/evidence-list` },
          ],
          ruleId: target.ruleId,
          ruleSetVersion: ruleSet.version,
        },
      },
    };
  });
}

export async function handleCaseFiled(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  if (parseType(event.type)?.name !== 'CaseFiled') return;
  const filed = checkedData<CaseFiled>(EnforcementEvents.CaseFiled, event, 'CaseFiled');
  // The party's earlier occupations are read and this one recorded in one step, before any draft:
  // a retry after a failed draft gets the same earlier occupations and so the same drafts.
  const priorOccupations = await recordOccupation(ctx.readModels, filed);
  // The deterministic ids make a redelivered CaseFiled find each drafted referral already there.
  for (const draft of decideRuleDrafts(filed, priorOccupations)) {
    await draftReferralOnce(ctx, event, draft.event, {
      ruleSetVersion: RULE_SET.version,
      ...(draft.accumulated ? { accumulated: draft.accumulated } : {}),
    });
  }
}

export function draftOnCaseFiled(ctx: ServiceContext) {
  return react(ctx, {
    name: 'draft-on-case-filed',
    topics: [topicOf('enforcement')],
    handle: (event) => handleCaseFiled(ctx, event),
  });
}
