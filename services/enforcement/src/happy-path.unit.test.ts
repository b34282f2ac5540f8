import { EVENT_CATALOGUE } from '@landcase/contracts';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforcementModule } from './index.ts';
import {
  cloudEvent,
  clueVerified,
  DECISION_CONTENTS,
  eventually,
  type Harness,
  harness,
  PARTY,
  publish,
  reviewsOf,
} from './test-harness.ts';

// One case the whole way through enforcement, driven over HTTP and by the events the other
// services publish; every event it appends must match the contracts catalogue.

let h: Harness;
let nrb: string;
beforeEach(async () => {
  h = await harness([enforcementModule]);
  await h.startBackground();
  nrb = await h.token('nrb', ['officer', 'head']);
});
afterEach(() => h.close());

const verdict = (caseId: string) => cloudEvent('detection', 'ClueVerified', caseId, clueVerified(caseId));

async function openCase(caseId: string) {
  await publish(h, verdict(caseId));
  return eventually(`case ${caseId} opened`, async () => {
    const res = await h.get(`/enforcement/cases/${caseId}`, nrb);
    return res.status === 200 ? res.body : undefined;
  });
}

/** The legal and collective reviews a major case (6.2 mu of PBF) holds before its decision. */
async function reviews(caseId: string) {
  const [legal, collective] = reviewsOf(caseId).map(({ data: { caseId: _, ...body } }) => body);
  await step(caseId, 'legal-review', legal);
  await step(caseId, 'collective-review', collective);
}

async function step(caseId: string, path: string, body: unknown, token = nrb) {
  const res = await h.post(`/enforcement/cases/${caseId}/${path}`, token, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

function expectCatalogued(events: { type: string; data: unknown }[]) {
  for (const event of events) {
    const schema = (EVENT_CATALOGUE.enforcement as Record<string, TSchema>)[event.type];
    expect(schema, event.type).toBeDefined();
    expect([...Value.Errors(schema!, event.data)], event.type).toEqual([]);
    expect(Value.Check(schema!, event.data), event.type).toBe(true);
  }
}

describe('an enforcement case from verdict to closure', () => {
  it('walks the happy path and lists the case in the read model', async () => {
    const caseId = 'LC-141181-20260302-happy001';
    expect(await openCase(caseId)).toMatchObject({ state: 'opened', revision: 0, party: PARTY });
    await step(caseId, 'stop-order', { servedAt: '2026-03-03T10:00:00+08:00', documentRef: 'FY-STOP-017' });
    await step(caseId, 'stop-confirmation', { stopped: true, observedAt: '2026-03-04T10:00:00+08:00' });
    await step(caseId, 'filing', { filingNo: 'FY-LA-031', filedAt: '2026-03-06T10:00:00+08:00' });
    await step(caseId, 'penalty-notice', {
      measures: ['demolish', 'restore', 'fine'],
      noticeRef: 'FY-NOTICE-031',
    });
    await step(caseId, 'hearing', { requested: false });
    await reviews(caseId);
    await step(caseId, 'penalty-decision', {
      measures: ['demolish', 'restore', 'fine'],
      fineYuan: 124_000,
      complyBy: '2026-06-30T18:00:00+08:00',
      decisionRef: 'FY-DECISION-031',
      ...DECISION_CONTENTS,
    });
    expect(
      await step(caseId, 'compliance', { complied: true, observedAt: '2026-05-20T10:00:00+08:00' }),
    ).toMatchObject({
      state: 'executed',
    });
    await publish(
      h,
      cloudEvent('remediation', 'RemediationAccepted', caseId, {
        caseId,
        acceptedAt: '2026-06-12T10:00:00+08:00',
      }),
    );
    await eventually('restored', async () => {
      const res = await h.get(`/enforcement/cases/${caseId}`, nrb);
      return res.body.state === 'restored' ? true : undefined;
    });
    const closed = await step(caseId, 'closure', {
      summary: 'demolished, re-cultivated, accepted; fine paid',
    });
    expect(closed).toMatchObject({
      state: 'closed',
      revision: 11,
      filing: { filingNo: 'FY-LA-031' },
      decision: { measures: ['demolish', 'restore', 'fine'], fineYuan: 124_000 },
      restoration: { acceptedAt: '2026-06-12T10:00:00+08:00' },
      closure: { summary: 'demolished, re-cultivated, accepted; fine paid' },
    });

    const listed = await eventually('the closed case in the read model', async () => {
      const res = await h.get('/enforcement/cases?divisionCode=141181&state=closed', nrb);
      return res.body.total === 1 ? res.body : undefined;
    });
    expect(listed.items[0]).toMatchObject({ caseId, state: 'closed', revision: 11 });
    expectCatalogued(await h.all());
  });

  it('goes through the court when the party does not comply', async () => {
    const caseId = 'LC-141181-20260302-court001';
    await openCase(caseId);
    await step(caseId, 'stop-order', { servedAt: '2026-03-03T10:00:00+08:00', documentRef: 'S' });
    await step(caseId, 'stop-confirmation', { stopped: false, observedAt: '2026-03-04T10:00:00+08:00' });
    await step(caseId, 'filing', { filingNo: 'F', filedAt: '2026-03-06T10:00:00+08:00' });
    await step(caseId, 'penalty-notice', { measures: ['demolish', 'restore'], noticeRef: 'N' });
    await step(caseId, 'hearing', { requested: true, heldAt: '2026-03-20T09:30:00+08:00' });
    await reviews(caseId);
    await step(caseId, 'penalty-decision', {
      measures: ['demolish', 'restore'],
      complyBy: '2026-06-30T18:00:00+08:00',
      decisionRef: 'D',
      ...DECISION_CONTENTS,
      // Served the day after the hearing: the party's periods end with 20 May, the 3 months to
      // apply to the court with 20 August (Administrative Compulsion Law art. 53).
      servedAt: '2026-03-21T10:00:00+08:00',
    });
    await step(caseId, 'compliance', { complied: false, observedAt: '2026-07-01T10:00:00+08:00' });
    await step(caseId, 'court-application', {
      reminderServedAt: '2026-07-02T10:00:00+08:00',
      appliedAt: '2026-07-20T10:00:00+08:00',
    });
    const court = await h.token('court');
    await step(caseId, 'court-ruling', { granted: false, rulingRef: 'C-1' }, court);
    await step(caseId, 'court-application', {
      reminderServedAt: '2026-07-02T10:00:00+08:00',
      appliedAt: '2026-08-20T10:00:00+08:00',
    });
    const ruled = await step(caseId, 'court-ruling', { granted: true, rulingRef: 'C-2' }, court);
    expect(ruled).toMatchObject({
      state: 'executed',
      stopConfirmations: [{ stopped: false }],
      courtApplications: [
        { appliedAt: '2026-07-20T10:00:00+08:00' },
        { appliedAt: '2026-08-20T10:00:00+08:00' },
      ],
      courtRulings: [
        { granted: false, rulingRef: 'C-1' },
        { granted: true, rulingRef: 'C-2' },
      ],
    });
    expectCatalogued(await h.all());
  });
});
