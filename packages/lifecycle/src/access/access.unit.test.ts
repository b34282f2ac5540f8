import { describe, expect, it } from 'vitest';
import { caseAudience, clueAudience, partiesAudience, type ResourceFacts } from './audience.ts';
import { authorize, type Caller } from './authorize.ts';
import { isWithin, narrowerDivision, relationOf } from './divisions.ts';
import { ACCESS_POLICY, type AccessKey } from './policy.ts';

const caller = (agency: Caller['agency'], division = '141181', roles = ['officer']): Caller => ({
  agency,
  division,
  roles,
});

const countyCase: ResourceFacts = {
  divisionCode: '141181',
  audience: caseAudience({ restorationOrdered: false, courtApplied: false, addressed: [] }),
};

describe('division relations', () => {
  it('reads a code by its significant digits, with townships under their county', () => {
    expect(relationOf('141181', '141181')).toBe('own');
    expect(relationOf('141100', '141181')).toBe('above');
    expect(relationOf('1411', '141181')).toBe('above');
    expect(relationOf('140000', '141181102')).toBe('above');
    expect(relationOf('141181', '141100')).toBe('below');
    expect(relationOf('141181102', '141181')).toBe('below');
    expect(relationOf('141182', '141181')).toBe('apart');
    expect(relationOf('150000', '141181')).toBe('apart');
    expect(relationOf('000000', '141181')).toBe('apart');
    expect(relationOf('141181', '000000')).toBe('apart');
  });

  it('narrows a query to what lies within the caller, and to nothing when they are apart', () => {
    expect(isWithin('141181', '14')).toBe(true);
    expect(isWithin('141181', '141182')).toBe(false);
    expect(narrowerDivision('141100', '141181')).toBe('141181');
    expect(narrowerDivision('141181', '14')).toBe('141181');
    expect(narrowerDivision('141181', '150000')).toBeNull();
  });
});

describe('audiences', () => {
  it('gives a case to the bureau, the government and the auditor, and a partner only its part', () => {
    expect(countyCase.audience).toEqual(['nrb', 'gov', 'audit']);
    expect(
      caseAudience({ restorationOrdered: true, courtApplied: true, addressed: ['psb', 'disc', 'psb'] }),
    ).toEqual(['nrb', 'gov', 'audit', 'agri', 'court', 'psb', 'disc']);
    expect(clueAudience('grid')).toEqual(['nrb', 'audit', 'grid']);
    expect(clueAudience(undefined)).toEqual(['nrb', 'audit']);
    expect(partiesAudience('proc', 'nrb')).toEqual(['proc', 'nrb', 'audit']);
  });
});

describe('authorize', () => {
  const decide = (key: AccessKey, who: Caller, target?: Parameters<typeof authorize>[2]) =>
    authorize(key, who, target);

  it('lets the county bureau act on its case, and tells the city above why not (403 naming the entry)', () => {
    expect(decide('enforcement.case.filing', caller('nrb'), countyCase)).toEqual({ allowed: true });
    expect(decide('enforcement.case.filing', caller('nrb', '141100'), countyCase)).toMatchObject({
      allowed: false,
      status: 403,
      rule: 'enforcement.case.filing',
    });
    // The city reads it.
    expect(decide('enforcement.case.read', caller('nrb', '141100'), countyCase)).toEqual({ allowed: true });
  });

  it('hides a case (404) from a neighbour, another province and an agency with no part in it', () => {
    for (const who of [caller('nrb', '141182'), caller('nrb', '150000'), caller('psb'), caller('grid')]) {
      expect(decide('enforcement.case.read', who, countyCase)).toMatchObject({ allowed: false, status: 404 });
      expect(decide('enforcement.case.filing', who, countyCase)).toMatchObject({
        allowed: false,
        status: 404,
      });
    }
    expect(decide('enforcement.case.read', caller('nrb'), null)).toMatchObject({ status: 404 });
  });

  it('refuses with 403 whoever sees the case but may not act: the auditor, a missing role', () => {
    expect(
      decide('enforcement.case.filing', caller('audit', '141181', ['auditor']), countyCase),
    ).toMatchObject({
      status: 403,
    });
    expect(decide('enforcement.case.decision-extension', caller('nrb'), countyCase)).toMatchObject({
      status: 403,
      reason: expect.stringContaining('head'),
    });
    expect(
      decide('enforcement.case.decision-extension', caller('nrb', '141181', ['head']), countyCase),
    ).toEqual({ allowed: true });
    // Reads take any role.
    expect(decide('enforcement.case.read', caller('nrb', '141181', ['auditor']), countyCase)).toEqual({
      allowed: true,
    });
  });

  it("lets a referral's receiver act on it, the sender not, and a court of the level above rule", () => {
    const referral: ResourceFacts = {
      divisionCode: '141181',
      audience: partiesAudience('nrb', 'psb'),
      sender: 'nrb',
      receiver: 'psb',
    };
    expect(decide('referral.referral.receipt', caller('psb'), referral)).toEqual({ allowed: true });
    expect(decide('referral.referral.receipt', caller('psb', '141100'), referral)).toEqual({ allowed: true });
    expect(decide('referral.referral.receipt', caller('nrb'), referral)).toMatchObject({ status: 403 });
    expect(decide('referral.referral.receipt', caller('psb', '141182'), referral)).toMatchObject({
      status: 404,
    });
    expect(decide('referral.referral.approval', caller('nrb'), referral)).toMatchObject({ status: 403 });
    expect(decide('referral.referral.approval', caller('nrb', '141181', ['head']), referral)).toEqual({
      allowed: true,
    });
    const applied: ResourceFacts = {
      divisionCode: '141181',
      audience: caseAudience({ restorationOrdered: false, courtApplied: true, addressed: [] }),
    };
    expect(decide('enforcement.case.court-ruling', caller('court', '141100'), applied)).toEqual({
      allowed: true,
    });
  });

  it('answers 422 for a case named in a body that does not exist or lies outside the caller', () => {
    expect(decide('referral.referral.draft', caller('nrb'), null)).toMatchObject({ status: 422 });
    expect(decide('referral.referral.draft', caller('nrb'), { divisionCode: '141182' })).toMatchObject({
      status: 422,
    });
    expect(decide('referral.referral.draft', caller('nrb'), { divisionCode: '141181' })).toEqual({
      allowed: true,
    });
    // Who may not draft at all is told so before anything is looked up.
    expect(decide('referral.referral.draft', caller('psb'), null)).toMatchObject({ status: 403 });
    expect(
      decide('referral.recommendation.issue', caller('proc', '141100'), { divisionCode: '141181' }),
    ).toEqual({ allowed: true });
  });

  it('holds divisions named in a request to the scope: a superior assesses, a county reports its own', () => {
    const head = (division: string) => caller('nrb', division, ['head']);
    expect(decide('enforcement.assessment.record', head('141100'), { divisionCode: '141181' })).toEqual({
      allowed: true,
    });
    expect(decide('enforcement.assessment.record', head('141181'), { divisionCode: '141181' })).toMatchObject(
      {
        status: 403,
      },
    );
    expect(decide('detection.clue.report', caller('grid'), { divisionCode: '141181' })).toEqual({
      allowed: true,
    });
    expect(decide('detection.clue.report', caller('grid'), { divisionCode: '141182' })).toMatchObject({
      status: 403,
    });
    expect(
      decide('detection.clue.report', caller('audit', '141181', ['auditor']), { divisionCode: '141181' }),
    ).toMatchObject({
      status: 403,
    });
    // A division not yet known (a body still to be validated) checks the caller alone.
    expect(decide('enforcement.statistics', caller('nrb'), null)).toEqual({ allowed: true });
    expect(decide('enforcement.statistics', caller('psb'), null)).toMatchObject({ status: 403 });
  });

  it('gives the dead letters to the ops role of any division, and the auditor only their reading', () => {
    expect(decide('ops.dlq.list', caller('nrb', '330102', ['ops']), null)).toEqual({ allowed: true });
    expect(decide('ops.dlq.redrive', caller('gov', '141181102', ['ops']), null)).toEqual({ allowed: true });
    expect(decide('ops.dlq.read', caller('audit', '141181', ['ops']), null)).toEqual({ allowed: true });
    expect(decide('ops.dlq.discard', caller('audit', '141181', ['ops']), null)).toMatchObject({
      status: 403,
    });
    expect(decide('ops.dlq.list', caller('nrb', '140000', ['officer', 'head']), null)).toMatchObject({
      status: 403,
      reason: 'List dead letters: needs the role ops; the caller has officer, head',
    });
  });

  it('writes nothing for the auditor anywhere: no command entry names it', () => {
    for (const [key, rule] of Object.entries(ACCESS_POLICY)) {
      if (rule.kind !== 'command' || typeof rule.who === 'string') continue;
      expect(rule.who, key).not.toContain('audit');
    }
  });
});
