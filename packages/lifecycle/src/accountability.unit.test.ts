import { describe, expect, it } from 'vitest';
import {
  divisionShareAssessment,
  illegalApprovalReferral,
  illegalApprovalRuleId,
  interferenceReferral,
} from './accountability.ts';
import type { LandClass } from './events.ts';
import { RULE_SET, ruleOf, withOverrides } from './rules.ts';

describe('illegal approvals (法释〔2000〕14号 art. 4)', () => {
  it.each([
    ['pbf', 9.99, false],
    ['pbf', 10, true],
    ['farmland', 29.99, false],
    ['farmland', 30, true],
    ['forest', 49.99, false],
    ['forest', 50, true],
    ['construction', 50, true],
    ['other_agricultural', 49.99, false],
  ] as [LandClass, number, boolean][])(
    '%s, %s mu: serious %s, and referred either way',
    (landClass, areaMu, serious) => {
      const referral = illegalApprovalReferral({ landClass, areaMu });
      expect(referral).toMatchObject({
        to: 'disc',
        serious,
        source: 'Criminal Law art. 410; 法释〔2000〕14号 art. 4',
      });
      expect(referral.reason).toContain(serious ? 'serious (情节严重)' : 'below the serious threshold');
      expect(referral.reason).toContain(`${areaMu} mu ${serious ? '≥' : '<'} ${referral.thresholdMu} mu`);
    },
  );

  it('reads the threshold of the land class from the rule set, so a province may change it', () => {
    expect(illegalApprovalRuleId('pbf')).toBe('accountability.illegal-approval.pbf');
    expect(illegalApprovalRuleId('farmland')).toBe('accountability.illegal-approval.farmland');
    expect(illegalApprovalRuleId('grassland')).toBe('accountability.illegal-approval.other');
    const province = withOverrides(RULE_SET, {
      version: 'p1',
      rules: { 'accountability.illegal-approval.pbf': { value: 8, source: 'provincial rule' } },
    });
    expect(illegalApprovalReferral({ landClass: 'pbf', areaMu: 9 }, province)).toMatchObject({
      serious: true,
      thresholdMu: 8,
      ruleId: 'accountability.illegal-approval.pbf',
      source: 'provincial rule',
    });
  });
});

describe("a division's share of illegal occupation (Order 15 of 2008 art. 3)", () => {
  it.each([
    [14.99, 100, false, 0.1499],
    [15, 100, true, 0.15],
    [15.01, 100, true, 0.1501],
    // 2.01 / 13.4 is exactly 0.15 but 0.14999999999999997 in binary: rounding keeps it at the threshold.
    [2.01, 13.4, true, 0.15],
    [0, 40, false, 0],
  ])('%s mu of %s mu: accountable %s', (illegalFarmlandMu, newConstructionFarmlandMu, accountable, share) => {
    expect(divisionShareAssessment({ illegalFarmlandMu, newConstructionFarmlandMu })).toEqual({
      share,
      threshold: 0.15,
      accountable,
      ruleId: 'accountability.division-share',
      source: ruleOf(RULE_SET, 'accountability.division-share').source,
    });
  });

  it('refuses a year without farmland taken for construction: there is no share to compare', () => {
    expect(() => divisionShareAssessment({ illegalFarmlandMu: 3, newConstructionFarmlandMu: 0 })).toThrow(
      RangeError,
    );
    expect(() => divisionShareAssessment({ illegalFarmlandMu: -1, newConstructionFarmlandMu: 10 })).toThrow(
      RangeError,
    );
  });
});

describe('interference (seed 003 §四)', () => {
  it('is referred every time, naming who and what', () => {
    expect(
      interferenceReferral({
        interferer: { name: '李四', position: 'deputy head', organization: '某镇人民政府' },
        conduct: 'asked to drop the case',
      }),
    ).toEqual({
      to: 'disc',
      ruleId: 'accountability.interference',
      source: 'seed 003 §四',
      reason:
        'interference with the case by 李四 (deputy head, 某镇人民政府): asked to drop the case (seed 003 §四)',
    });
  });
});
