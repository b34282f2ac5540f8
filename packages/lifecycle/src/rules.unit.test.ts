import { describe, expect, it } from 'vitest';
import {
  checkDispatchDown,
  checkFilingAfterDiscovery,
  checkPenaltyMeasures,
  isDeadlineUnit,
  nameMatchScopeOf,
  RULE_SET,
  referralTargetsFor,
  ruleOf,
  withinAccumulationWindow,
  withOverrides,
} from './rules.ts';

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

describe('repeated occupation by the same party', () => {
  const farmland6 = (caseId: string, at: string) => ({
    caseId,
    landClass: 'farmland' as const,
    areaMu: 6,
    at,
  });
  const second = (
    at: string,
    priorOccupations: Parameters<typeof referralTargetsFor>[0]['priorOccupations'],
  ) => referralTargetsFor({ landClass: 'farmland', areaMu: 6, at, priorOccupations });

  it('names a few earlier cases in the reason of a repeat offender with many, and keeps all of them in accumulated', () => {
    const at = '2026-03-05T10:00:00+08:00';
    const priors = Array.from({ length: 50 }, (_, i) => ({
      caseId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      landClass: 'pbf' as const,
      areaMu: 0.5,
      at,
    }));
    const [psb] = referralTargetsFor({ landClass: 'pbf', areaMu: 0.5, at, priorOccupations: priors });
    expect(psb?.reason.length).toBeLessThanOrEqual(2000);
    expect(psb?.reason).toContain('and 45 more cases');
    expect(psb?.accumulated?.priorCaseIds).toHaveLength(50);
  });

  it('refers the second 6 mu of farmland 364 days after the first, with 12 mu to the police only', () => {
    expect(referralTargetsFor({ landClass: 'farmland', areaMu: 6, at: '2025-03-06T10:00:00+08:00' })).toEqual(
      [],
    );
    const targets = second('2026-03-05T10:00:00+08:00', [farmland6('C1', '2025-03-06T10:00:00+08:00')]);
    expect(targets).toEqual([
      {
        to: 'psb',
        ruleId: 'referral.psb.farmland',
        source: 'Criminal Law art. 342; 法释〔2000〕14号 art. 3',
        reason:
          'farmland occupied: 12 mu ≥ 10 mu (Criminal Law art. 342; 法释〔2000〕14号 art. 3), of which 6 mu in this ' +
          'case and 6 mu in C1 within 1 year (法释〔2000〕14号 art. 9)',
        accumulated: {
          areaMu: 12,
          priorCaseIds: ['C1'],
          ruleId: 'referral.accumulation.window',
          source: '法释〔2000〕14号 art. 9',
          confirmations: [],
        },
      },
    ]);
  });

  it("names the bureau's confirmations the sum rests on where the parties matched by name only", () => {
    const confirmation = (matchId: string, confirmedAt: string) => ({
      matchId,
      caseIds: matchId.split('~'),
      confirmedBy: 'nrb:officer-1',
      confirmedAt,
    });
    const c1c3 = confirmation('C1~C3', '2026-03-09T02:00:00Z');
    const c2c3 = confirmation('C2~C3', '2026-03-08T17:00:00Z');
    const [psb] = referralTargetsFor({
      landClass: 'farmland',
      areaMu: 2,
      at: '2026-03-06T10:00:00+08:00',
      priorOccupations: [
        { ...farmland6('C1', '2026-01-06T10:00:00+08:00'), confirmations: [c1c3] },
        // Reached through both confirmations: each is named once.
        { ...farmland6('C2', '2026-02-06T10:00:00+08:00'), confirmations: [c2c3, c1c3] },
      ],
    });
    expect(psb?.accumulated?.confirmations).toEqual([c2c3, c1c3]);
    expect(psb?.reason).toMatch(
      /within 1 year \(法释〔2000〕14号 art\. 9\); the parties, named alike without identifiers, held the same on confirmation: C2 and C3 by nrb:officer-1 on 2026-03-09; C1 and C3 by nrb:officer-1 on 2026-03-09$/,
    );
    // An occupation outside the window adds nothing, nor does the confirmation it came with.
    const [alone] = referralTargetsFor({
      landClass: 'farmland',
      areaMu: 10,
      at: '2026-03-06T10:00:00+08:00',
      priorOccupations: [{ ...farmland6('C0', '2024-01-06T10:00:00+08:00'), confirmations: [c1c3] }],
    });
    expect(alone?.accumulated).toBeUndefined();
    expect(alone?.reason).not.toContain('confirmation');
  });

  it('counts the same China date a year on as inside, and a year and a day as outside', () => {
    const first = [farmland6('C1', '2025-03-06T10:00:00+08:00')];
    // 2026-03-06 00:30 in China is still 2026-03-05 in UTC: the China date decides.
    expect(second('2026-03-05T16:30:00Z', first).map((t) => t.to)).toEqual(['psb']);
    expect(second('2026-03-06T23:59:59+08:00', first).map((t) => t.to)).toEqual(['psb']);
    expect(second('2026-03-07T00:00:00+08:00', first)).toEqual([]);
    expect(second('2026-03-07T10:00:00+08:00', first)).toEqual([]);
  });

  it('measures the window either way round, for a case filed after a later one', () => {
    expect(second('2025-03-06T10:00:00+08:00', [farmland6('C2', '2026-03-06T09:00:00+08:00')])).toHaveLength(
      1,
    );
    expect(second('2025-03-06T10:00:00+08:00', [farmland6('C2', '2026-03-07T09:00:00+08:00')])).toEqual([]);
  });

  it('ends a year from 29 February on 28 February', () => {
    const leap = [farmland6('C1', '2028-02-29T10:00:00+08:00')];
    expect(second('2029-02-28T10:00:00+08:00', leap)).toHaveLength(1);
    expect(second('2029-03-01T10:00:00+08:00', leap)).toEqual([]);
  });

  it('adds up only the same land class: PBF with PBF, other farmland with other farmland', () => {
    const at = '2026-03-06T10:00:00+08:00';
    const pbf = (caseId: string, areaMu: number) => ({ caseId, landClass: 'pbf' as const, areaMu, at });
    expect(second(at, [pbf('P1', 6)])).toEqual([]);
    expect(
      referralTargetsFor({ landClass: 'pbf', areaMu: 3, at, priorOccupations: [farmland6('F1', at)] }),
    ).toEqual([]);
    const pbfTotal = referralTargetsFor({
      landClass: 'pbf',
      areaMu: 2.5,
      at,
      priorOccupations: [pbf('P1', 2.5)],
    });
    expect(pbfTotal.map((t) => [t.to, t.accumulated?.areaMu])).toEqual([['psb', 5]]);
  });

  it('reaches a threshold exactly despite binary fractions, and stays below it at 4.99', () => {
    const at = '2026-03-06T10:00:00+08:00';
    const pbf = (areaMu: number, priors: [string, number][]) =>
      referralTargetsFor({
        landClass: 'pbf',
        areaMu,
        at,
        priorOccupations: priors.map(([caseId, mu]) => ({
          caseId,
          landClass: 'pbf' as const,
          areaMu: mu,
          at,
        })),
      });
    expect(pbf(0.01, [['P1', 4.99]])).toHaveLength(1);
    expect(pbf(0.000001, [['P1', 4.999998]])).toEqual([]);
    // In binary, 9.998 + 0.001 + 0.001 is 9.999999999999998.
    const tiny = (caseId: string) => ({ caseId, landClass: 'farmland' as const, areaMu: 0.001, at });
    expect(
      referralTargetsFor({
        landClass: 'farmland',
        areaMu: 9.998,
        at,
        priorOccupations: [tiny('F1'), tiny('F2')],
      }),
    ).toHaveLength(1);
    expect(referralTargetsFor({ landClass: 'pbf', areaMu: 4.9999999, at, priorOccupations: [] })).toEqual([]);
    expect(
      pbf(1.1, [
        ['P1', 2.2],
        ['P2', 1.69],
      ]),
    ).toEqual([]);
    expect(
      pbf(1.1, [
        ['P1', 2.2],
        ['P2', 1.7],
      ])[0]?.accumulated,
    ).toMatchObject({ areaMu: 5, priorCaseIds: ['P1', 'P2'] });
  });

  it('counts a case listed twice once, and lists the cases it added oldest first', () => {
    const at = '2026-03-06T10:00:00+08:00';
    const twice = [
      farmland6('C1', '2026-01-01T10:00:00+08:00'),
      farmland6('C1', '2026-01-01T10:00:00+08:00'),
    ];
    expect(referralTargetsFor({ landClass: 'farmland', areaMu: 3, at, priorOccupations: twice })).toEqual([]);
    const three = referralTargetsFor({
      landClass: 'farmland',
      areaMu: 1,
      at,
      priorOccupations: [
        farmland6('C3', '2026-02-01T10:00:00+08:00'),
        farmland6('C2', '2025-12-01T10:00:00+08:00'),
      ],
    });
    expect(three[0]?.accumulated).toMatchObject({ areaMu: 13, priorCaseIds: ['C2', 'C3'] });
  });

  it('adds up for the police, not for the discipline commission, which counts each case', () => {
    const at = '2026-03-06T10:00:00+08:00';
    const pbf = referralTargetsFor({
      landClass: 'pbf',
      areaMu: 5,
      at,
      priorOccupations: [{ caseId: 'P1', landClass: 'pbf', areaMu: 1, at }],
    });
    expect(
      pbf.map((t) => [t.to, t.accumulated?.areaMu ?? null, t.accumulated?.priorCaseIds ?? null]),
    ).toEqual([
      ['psb', 6, ['P1']],
      ['disc', null, null],
    ]);
    expect(pbf[1]?.reason).toBe('pbf occupied: 5 mu ≥ 5 mu (seed 002 §四(五))');
  });

  it('follows a province that widens the window or adds the discipline commission', () => {
    const province = withOverrides(RULE_SET, {
      version: 'x-2026.1',
      rules: {
        'referral.accumulation.window': { value: 2, source: 'province rule' },
        'referral.accumulation.receivers': { value: ['psb', 'disc'], source: 'province rule' },
      },
    });
    const targets = referralTargetsFor(
      {
        landClass: 'farmland',
        areaMu: 6,
        at: '2027-03-06T10:00:00+08:00',
        priorOccupations: [farmland6('C1', '2025-03-06T10:00:00+08:00')],
      },
      province,
    );
    expect(targets.map((t) => [t.to, t.accumulated?.areaMu])).toEqual([
      ['psb', 12],
      ['disc', 12],
    ]);
    expect(targets[0]?.reason).toContain('within 2 years (province rule)');
  });

  it('needs the time of the occupation when it is given earlier ones', () => {
    expect(() =>
      referralTargetsFor({
        landClass: 'farmland',
        areaMu: 6,
        priorOccupations: [farmland6('C1', '2026-01-01')],
      }),
    ).toThrow(/needs its own time/);
    expect(() => second('2026-03-06T10:00:00+08:00', [farmland6('C1', 'yesterday')])).toThrow(
      /time of case C1 is not a valid time/,
    );
    expect(referralTargetsFor({ landClass: 'farmland', areaMu: 10, priorOccupations: [] })).toHaveLength(2);
  });
});

describe('the scope of a name match', () => {
  it('is the county: the first 6 digits of the division, however long its code', () => {
    expect(nameMatchScopeOf('141181')).toBe('141181');
    expect(nameMatchScopeOf('141181100000')).toBe('141181');
    expect(nameMatchScopeOf('1411')).toBeNull();
  });

  it('follows the accumulation window either way round, the same China date a year on inside', () => {
    expect(withinAccumulationWindow('2025-12-31T10:00:00+08:00', '2026-01-01T10:00:00+08:00')).toBe(true);
    expect(withinAccumulationWindow('2026-12-31T23:00:00+08:00', '2025-12-31T00:30:00+08:00')).toBe(true);
    expect(withinAccumulationWindow('2025-12-31T10:00:00+08:00', '2027-01-01T10:00:00+08:00')).toBe(false);
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

describe('filing after discovery', () => {
  const discoveredAt = '2026-03-02T09:00:00+08:00';
  it('accepts a filing exactly at the discovery and after it', () => {
    expect(checkFilingAfterDiscovery({ filedAt: '2026-03-02T01:00:00Z', discoveredAt })).toBeNull();
    expect(checkFilingAfterDiscovery({ filedAt: '2026-03-06T10:00:00+08:00', discoveredAt })).toBeNull();
  });

  it('refuses one a millisecond before it, naming the rule', () => {
    expect(checkFilingAfterDiscovery({ filedAt: '2026-03-02T00:59:59.999Z', discoveredAt })).toEqual({
      ruleId: 'case.filing-after-discovery',
      source: RULE_SET.rules['case.filing-after-discovery']!.source,
      detail: expect.stringContaining(discoveredAt),
    });
  });
});

describe('dispatch down the hierarchy', () => {
  it('lets a clue go to any division strictly below the one holding it', () => {
    expect(checkDispatchDown({ from: '140000', to: '141100' })).toBeNull();
    expect(checkDispatchDown({ from: '141100', to: '141181' })).toBeNull();
    expect(checkDispatchDown({ from: '141181', to: '141181001' })).toBeNull();
  });

  it.each([
    ['up', '141181', '141100'],
    ['to a neighbour', '141181', '141182'],
    ['to another province', '140000', '150000'],
    ['to itself', '141181', '141181'],
  ])('refuses a dispatch %s, naming the rule', (_what, from, to) => {
    expect(checkDispatchDown({ from, to })).toEqual({
      ruleId: 'clue.dispatch.down',
      source: 'seed 000 §(四)',
      detail: expect.stringContaining(to),
    });
  });
});

describe('the rule set', () => {
  it('gives every entry its id and a legal source', () => {
    for (const [id, entry] of Object.entries(RULE_SET.rules)) {
      expect(entry.id).toBe(id);
      expect(entry.source.length).toBeGreaterThan(0);
    }
  });

  it('tells deadlines from other figures', () => {
    expect(isDeadlineUnit(ruleOf(RULE_SET, 'deadline.case.decide').unit)).toBe(true);
    expect(isDeadlineUnit(ruleOf(RULE_SET, 'referral.accumulation.window').unit)).toBe(false);
    expect(isDeadlineUnit(ruleOf(RULE_SET, 'referral.psb.pbf').unit)).toBe(false);
  });
});
