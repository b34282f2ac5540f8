import type { LandClass, ReferralEventData } from '@landcase/contracts';
import { type PriorOccupation, RULE_SET, type RuleSet, referralTargetsFor } from '@landcase/lifecycle';
import type { PartyCaseDoc } from '../party-cases.ts';
import { ruleReferralId } from '../referral.ts';

// The referrals the rules call for when a case is filed (PBF ≥ 5 mu or farmland ≥ 10 mu → police
// and discipline commission), with the same party's earlier occupations added up for the police.

/** What the rules read of a filed case. */
export type FiledOccupation = Pick<
  PartyCaseDoc,
  'caseId' | 'divisionCode' | 'landClass' | 'areaMu' | 'filedAt'
>;

export interface RuleDraft {
  referralId: string;
  event: { type: 'ReferralDrafted'; data: ReferralEventData['ReferralDrafted'] };
  /** The area and the earlier cases added up to reach the threshold, when any were. */
  accumulated?: { areaMu: number; priorCaseIds: string[] };
}

const isoOf = (at: string | Date): string => (typeof at === 'string' ? at : at.toISOString());

/**
 * The referrals a filed case calls for. `priorOccupations` are the same party's occupations filed
 * before this one, with the confirmations each rests on; every one of them is passed, as none is
 * known to be handled yet.
 */
export function decideRuleDrafts(
  filed: FiledOccupation,
  priorOccupations: readonly PriorOccupation[] = [],
  ruleSet: RuleSet = RULE_SET,
): RuleDraft[] {
  const occupation = {
    landClass: filed.landClass as LandClass,
    areaMu: filed.areaMu,
    // The filing time, not the clock: a replay months later decides as the first delivery did.
    at: filed.filedAt,
    priorOccupations,
  };
  const priorById = new Map(priorOccupations.map((prior) => [prior.caseId, prior]));
  return referralTargetsFor(occupation, ruleSet).map((target) => {
    const referralId = ruleReferralId(filed.caseId, target.to);
    const sum = target.accumulated;
    return {
      referralId,
      ...(sum ? { accumulated: { areaMu: sum.areaMu, priorCaseIds: sum.priorCaseIds } } : {}),
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
          // What a court needs to see why the threshold was met: the sum, each case in it, and who
          // held name-matched parties to be one.
          ...(sum
            ? {
                accumulated: {
                  areaMu: sum.areaMu,
                  priorCases: sum.priorCaseIds.map((caseId) => {
                    const prior = priorById.get(caseId)!;
                    return { caseId, areaMu: prior.areaMu, filedAt: isoOf(prior.at) };
                  }),
                  ruleId: sum.ruleId,
                  source: sum.source,
                  confirmations: sum.confirmations,
                },
              }
            : {}),
        },
      },
    };
  });
}
