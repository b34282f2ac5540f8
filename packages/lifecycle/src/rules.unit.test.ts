import { describe, expect, it } from 'vitest';
import { checkPenaltyMeasures, RULE_SET, referralTargetsFor, ruleOf, withOverrides } from './rules.ts';

const targets = (landClass: Parameters<typeof referralTargetsFor>[0]['landClass'], areaMu: number) =>
  referralTargetsFor({ landClass, areaMu }).map((t) => `${t.to}:${t.ruleId}`);

describe('referral thresholds', () => {
  it('refers PBF from 5.00 mu to the police and the discipline commission', () => {
    expect(targets('pbf', 4.99)).toEqual([]);
    expect(targets('pbf', 5)).toEqual(['psb:referral.psb.pbf', 'disc:referral.disc.pbf']);
    expect(targets('pbf', 120)).toHaveLength(2);
  });

  it('refers other farmland from 10.00 mu', () => {
    expect(targets('farmland', 9.99)).toEqual([]);
    expect(targets('farmland', 10)).toEqual(['psb:referral.psb.farmland', 'disc:referral.disc.farmland']);
  });

  it('names the rule, its source and the reason', () => {
    const [psb, disc] = referralTargetsFor({ landClass: 'pbf', areaMu: 6.5 });
    expect(psb).toEqual({
      to: 'psb',
      ruleId: 'referral.psb.pbf',
      source: 'Criminal Law art. 342; 法释〔2000〕14号 art. 3',
      reason: 'pbf occupied: 6.5 mu ≥ 5 mu (Criminal Law art. 342; 法释〔2000〕14号 art. 3)',
    });
    expect(disc).toMatchObject({ to: 'disc', source: 'seed 002 §四(五)' });
  });

  it('refers forest and grassland to the police only, and never construction land', () => {
    expect(targets('forest', 5)).toEqual(['psb:referral.psb.forest']);
    expect(targets('grassland', 19.99)).toEqual([]);
    expect(targets('grassland', 20)).toEqual(['psb:referral.psb.grassland']);
    expect(targets('construction', 1000)).toEqual([]);
  });

  it('follows a province override', () => {
    const province = withOverrides(RULE_SET, {
      version: 'sx-2026.1',
      rules: { 'referral.psb.farmland': { value: 8, source: '晋高法〔2026〕1号' } },
    });
    expect(province.version).toBe('2026.1+sx-2026.1');
    expect(referralTargetsFor({ landClass: 'farmland', areaMu: 8 }, province)).toEqual([
      expect.objectContaining({ to: 'psb', ruleId: 'referral.psb.farmland', source: '晋高法〔2026〕1号' }),
    ]);
    expect(ruleOf(RULE_SET, 'referral.psb.farmland').value).toBe(10);
  });

  it('refuses an override of a rule that does not exist', () => {
    expect(() =>
      withOverrides(RULE_SET, { version: 'x', rules: { 'referral.psb.pbff': { value: 3, source: 'typo' } } }),
    ).toThrow(/unknown rule 'referral.psb.pbff'/);
  });
});

describe('penalty measures', () => {
  it('refuses a fine alone on PBF and farmland', () => {
    expect(checkPenaltyMeasures({ landClass: 'pbf', measures: ['fine'] })).toEqual({
      ruleId: 'penalty.no-fine-only',
      source: 'seed 003 §五; Land Management Law art. 77',
      detail: expect.stringContaining('pbf'),
    });
    expect(checkPenaltyMeasures({ landClass: 'farmland', measures: ['fine'] })?.ruleId).toBe(
      'penalty.no-fine-only',
    );
  });

  it('allows a fine beside demolition, confiscation or restoration, and a fine alone elsewhere', () => {
    expect(checkPenaltyMeasures({ landClass: 'pbf', measures: ['demolish', 'fine'] })).toBeNull();
    expect(checkPenaltyMeasures({ landClass: 'pbf', measures: ['confiscate', 'fine'] })).toBeNull();
    expect(checkPenaltyMeasures({ landClass: 'farmland', measures: ['restore', 'fine'] })).toBeNull();
    expect(checkPenaltyMeasures({ landClass: 'construction', measures: ['fine'] })).toBeNull();
  });
});

describe('the rule set', () => {
  it('gives every entry its id and a legal source', () => {
    for (const [id, entry] of Object.entries(RULE_SET.rules)) {
      expect(entry.id).toBe(id);
      expect(entry.source.length).toBeGreaterThan(0);
    }
  });
});
