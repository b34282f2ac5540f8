import { RULE_SET, RuleBook, type RuleOverlay } from '@landcase/lifecycle';
import { afterEach, describe, expect, it } from 'vitest';
import { enforcementModule } from '../index.ts';
import {
  caseStream,
  cloudEvent,
  eventually,
  type Harness,
  harness,
  NOW,
  publish,
  clueVerified as verified,
} from '../test-harness.ts';

// A case records the rule set in force in its division when its clue was verified, and its
// commands are checked by that version for life.

const overlay = (effectiveFrom: string): RuleOverlay => ({
  divisionPrefix: '15',
  version: '2026.1',
  effectiveFrom,
  source: 'a provincial notice',
  rules: {
    // A day's grace between discovery and filing: visible in the filing command's check.
    'case.filing-after-discovery': { value: 86_400, source: 'a provincial notice §1' },
  },
});

let h: Harness;
afterEach(() => h.close());

async function opened(caseId: string, divisionCode: string, time = NOW.toISOString()) {
  await publish(h, {
    ...cloudEvent('detection', 'ClueVerified', caseId, verified(caseId, { divisionCode, ongoing: false })),
    time,
  });
  const [first] = await eventually(`case ${caseId} opened`, async () => {
    const events = await h.store.readStream(caseStream(caseId));
    return events.length > 0 ? events : undefined;
  });
  return first!;
}

describe('the rule set a case opens under', () => {
  it("is its province's overlay in force when the clue was verified, else the base", async () => {
    h = await harness([enforcementModule], {
      rules: new RuleBook(RULE_SET, [overlay('2026-01-01T00:00:00+08:00')]),
    });
    await h.startBackground();
    const inner = await opened('LC-15', '150102');
    expect(inner.data.ruleSetVersion).toBe(`${RULE_SET.version}+15@2026.1`);
    expect(inner.metadata.ruleSetVersion).toBe(`${RULE_SET.version}+15@2026.1`);
    expect((await opened('LC-14', '141181')).data.ruleSetVersion).toBe(RULE_SET.version);
    // Verified before the overlay came into force: the base.
    expect((await opened('LC-15-early', '150102', '2025-12-31T15:59:59Z')).data.ruleSetVersion).toBe(
      RULE_SET.version,
    );
  });

  it('decides its commands by the version it recorded', async () => {
    h = await harness([enforcementModule], {
      rules: new RuleBook(RULE_SET, [overlay('2026-01-01T00:00:00+08:00')]),
    });
    await h.startBackground();
    await opened('LC-15', '150102');
    await opened('LC-15-early', '150102', '2025-12-31T15:59:59Z');
    const nrb = await h.token('nrb', ['officer'], '150102');
    // An hour before the clue was observed (2026-03-02T09:00+08:00).
    const filing = { filingNo: 'NM-1', filedAt: '2026-03-02T08:00:00+08:00' };
    const underOverlay = await h.post('/enforcement/cases/LC-15/filing', nrb, filing);
    expect(underOverlay.status).toBe(200);
    const underBase = await h.post('/enforcement/cases/LC-15-early/filing', nrb, filing);
    expect(underBase.status).toBe(422);
    expect(underBase.body).toMatchObject({ rule: { id: 'case.filing-after-discovery' } });
  });
});
