// A case as the other services would tell it to the audit service, for the audit tests: one event
// per instant from detection, enforcement and referral, published as their relays would.
import type { TestSystem } from '@landcase/service-kit/testing';

export const party = { name: 'Fenyang Brick Works Ltd', kind: 'organization' };
export const parcel = {
  type: 'Polygon',
  coordinates: [
    [
      [111.79, 37.26],
      [111.7907, 37.26],
      [111.7907, 37.2606],
      [111.79, 37.26],
    ],
  ],
};

/** Five events of a case from three services, one per instant, the clock left at 2026-03-07T02:00Z. */
export async function tellCase(sys: TestSystem, caseId: string): Promise<void> {
  const at = (t: string) => sys.clock.set(t);
  at('2026-03-02T01:00:00.000Z');
  await sys.publish(
    'detection',
    'ClueReported',
    {
      caseId,
      source: 'satellite',
      divisionCode: '141181',
      landClass: 'pbf',
      parcel,
      areaMu: 6.2,
      observedAt: '2026-03-02T09:00:00+08:00',
      evidence: [],
    },
    { actor: 'grid:grid-user' },
  );
  at('2026-03-03T01:00:00.000Z');
  await sys.publish('detection', 'ClueVerified', {
    caseId,
    verdict: 'illegal',
    divisionCode: '141181',
    areaMu: 6.2,
    landClass: 'pbf',
    ongoing: true,
    party,
    source: 'satellite',
    observedAt: '2026-03-02T09:00:00+08:00',
    verifiedAt: '2026-03-03T09:00:00+08:00',
  });
  at('2026-03-03T02:00:00.000Z');
  await sys.publish(
    'enforcement',
    'CaseOpened',
    {
      caseId,
      divisionCode: '141181',
      landClass: 'pbf',
      areaMu: 6.2,
      party,
      ongoing: true,
      clueSource: 'satellite',
      discoveredAt: '2026-03-02T09:00:00+08:00',
      ruleSetVersion: '2026.1',
    },
    { actor: 'nrb:system:enforcement' },
  );
  at('2026-03-04T02:00:00.000Z');
  await sys.publish('enforcement', 'StopOrderServed', {
    caseId,
    servedAt: '2026-03-04T10:00:00+08:00',
    documentRef: 'S-1',
  });
  at('2026-03-06T02:00:00.000Z');
  await sys.publish(
    'referral',
    'ReferralDrafted',
    {
      caseId,
      referralId: `${caseId}.psb`,
      from: 'nrb',
      to: 'psb',
      divisionCode: '141181',
      reason: 'PBF ≥ 5 mu',
      documents: [{ kind: 'letter', ref: 'FY-REF-2026-1', sha256: 'c'.repeat(64) }],
      ruleId: 'referral.psb.pbf',
      ruleSetVersion: '2026.1',
    },
    { actor: 'nrb:system:referral' },
  );
  at('2026-03-07T02:00:00.000Z');
}
