import type { CloudEvent } from '@landcase/contracts';
import { RULE_SET, RuleBook } from '@landcase/lifecycle';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';

// A filed case's referrals are drafted by the rule set it recorded when it opened (the CloudEvent's
// `rulesetversion`), not by the overlays in force when it is filed.

const OVERLAID = `${RULE_SET.version}+14@2026.1`;
const rules = new RuleBook(RULE_SET, [
  {
    divisionPrefix: '14',
    version: '2026.1',
    effectiveFrom: '2026-01-01T00:00:00+08:00',
    source: 'a provincial notice',
    // Other farmland from 8 mu for the police (the note of referral.psb.farmland: configurable per province).
    rules: { 'referral.psb.farmland': { value: 8, source: 'a provincial notice §4' } },
  },
]);

const caseFiled = (caseId: string, areaMu: number) => ({
  caseId,
  filingNo: `FY-LA-${caseId}`,
  filedAt: '2026-03-06T10:00:00+08:00',
  divisionCode: '141181',
  landClass: 'farmland',
  areaMu,
  party: { name: `Party ${caseId}`, kind: 'organization' },
});

/** The extension the relay writes from the stored event's metadata. */
const recorded = (rulesetversion: string) => ({ rulesetversion }) as unknown as Partial<CloudEvent>;

describe('referrals by the rule set a case recorded', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await startTestSystem(referralModule, undefined, { rules });
  });
  afterEach(() => sys.stop());

  it("drafts at the province's threshold for a case opened under its overlay, at the base's for one opened before", async () => {
    await sys.publish('enforcement', 'CaseFiled', caseFiled('BEFORE', 9), recorded(RULE_SET.version));
    await sys.publish('enforcement', 'CaseFiled', caseFiled('UNDER', 9), recorded(OVERLAID));
    const [drafted] = await eventually(async () => {
      const events = await sys.store.readStream('referral.referral-UNDER.psb');
      return events.length > 0 ? events : undefined;
    });
    expect(drafted!.data).toMatchObject({
      to: 'psb',
      ruleId: 'referral.psb.farmland',
      ruleSetVersion: OVERLAID,
      reason: 'farmland occupied: 9 mu ≥ 8 mu (a provincial notice §4)',
    });
    expect(drafted!.metadata.ruleSetVersion).toBe(OVERLAID);
    // 9 mu is below the discipline commission's 10, which the overlay left alone.
    expect(await sys.store.readStream('referral.referral-UNDER.disc')).toEqual([]);
    // Published first, so handled first: the base's 10 mu drafts nothing.
    expect(await sys.store.readStream('referral.referral-BEFORE.psb')).toEqual([]);
  });
});
