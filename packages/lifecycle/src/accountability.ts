import type { LandClass } from './events.ts';
import { RULE_SET, type RuleEntry, type RuleSet, ruleOf } from './rules.ts';

// Accountability of officials (纪委监委, `disc`) beyond the area rule that CaseFiled applies:
// interference with a case, illegal approvals, and a division's share of illegal occupation.

function numberRule(ruleSet: RuleSet, id: string): RuleEntry & { value: number } {
  const entry = ruleOf(ruleSet, id);
  if (typeof entry.value !== 'number') throw new Error(`rule '${id}' holds no number`);
  return entry as RuleEntry & { value: number };
}

export interface AccountabilityReferral {
  to: 'disc';
  ruleId: string;
  source: string;
  reason: string;
}

export const INTERFERENCE_RULE = 'accountability.interference';

/** Every recorded interference is reported (seed 003 §四): the referral it calls for. */
export function interferenceReferral(
  interference: { interferer: { name: string; position: string; organization: string }; conduct: string },
  ruleSet: RuleSet = RULE_SET,
): AccountabilityReferral {
  const rule = ruleOf(ruleSet, INTERFERENCE_RULE);
  const { name, position, organization } = interference.interferer;
  return {
    to: 'disc',
    ruleId: INTERFERENCE_RULE,
    source: rule.source,
    reason: `interference with the case by ${name} (${position}, ${organization}): ${interference.conduct} (${rule.source})`,
  };
}

/** The threshold rule of 法释〔2000〕14号 art. 4 for the land class an approval gave away. */
export function illegalApprovalRuleId(landClass: LandClass): string {
  if (landClass === 'pbf') return 'accountability.illegal-approval.pbf';
  if (landClass === 'farmland') return 'accountability.illegal-approval.farmland';
  return 'accountability.illegal-approval.other';
}

export interface IllegalApprovalAssessment extends AccountabilityReferral {
  /** Whether the area reaches 情节严重 (the criminal threshold of Criminal Law art. 410). */
  serious: boolean;
  thresholdMu: number;
}

/**
 * An illegal approval is always referred: approving land illegally is a matter for the discipline
 * commission whatever the area (Land Management Law art. 79), and since the Supervision Law (2018)
 * the duty crime of art. 410 is investigated by the supervision commission too, not the police.
 * The threshold only decides whether the reason says the case is serious (≥, never >). A single
 * approval's area is compared as measured, unrounded.
 */
export function illegalApprovalReferral(
  approval: { landClass: LandClass; areaMu: number },
  ruleSet: RuleSet = RULE_SET,
): IllegalApprovalAssessment {
  const ruleId = illegalApprovalRuleId(approval.landClass);
  const rule = numberRule(ruleSet, ruleId);
  const serious = approval.areaMu >= rule.value;
  const comparison = serious
    ? `${approval.areaMu} mu ≥ ${rule.value} mu: serious (情节严重), a suspected crime`
    : `${approval.areaMu} mu < ${rule.value} mu: below the serious threshold, disciplinary accountability`;
  return {
    to: 'disc',
    ruleId,
    source: rule.source,
    serious,
    thresholdMu: rule.value,
    reason: `illegal approval of ${approval.landClass} land: ${comparison} (${rule.source})`,
  };
}

export const DIVISION_SHARE_RULE = 'accountability.division-share';

export interface DivisionShareAssessment {
  /** Illegally occupied farmland / farmland taken by new construction land, rounded at 1e-9. */
  share: number;
  threshold: number;
  accountable: boolean;
  ruleId: string;
  source: string;
}

/**
 * The share of a division's farmland illegally occupied in a year (Order 15 of 2008 art. 3):
 * accountable at or above the threshold. The quotient is rounded at a billionth before the
 * comparison, so 15/100 meets 0.15 and binary noise neither reaches nor misses it.
 */
export function divisionShareAssessment(
  figures: { illegalFarmlandMu: number; newConstructionFarmlandMu: number },
  ruleSet: RuleSet = RULE_SET,
): DivisionShareAssessment {
  if (!(figures.newConstructionFarmlandMu > 0)) {
    throw new RangeError('the farmland taken by new construction land must be more than 0 mu');
  }
  if (!(figures.illegalFarmlandMu >= 0)) throw new RangeError('the illegal area must not be negative');
  const rule = numberRule(ruleSet, DIVISION_SHARE_RULE);
  const share = Math.round((figures.illegalFarmlandMu / figures.newConstructionFarmlandMu) * 1e9) / 1e9;
  return {
    share,
    threshold: rule.value,
    accountable: share >= rule.value,
    ruleId: DIVISION_SHARE_RULE,
    source: rule.source,
  };
}
