import { hasLoneSurrogate, topicOf } from '@landcase/contracts';
import { startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';
import { attachRequired, draftedReferral } from '../test-http.ts';
import {
  decideAssessmentDraft,
  decideIllegalApprovalDraft,
  decideInterferenceDraft,
} from './accountability-drafts.ts';

const interference = (
  caseId: string,
  interferenceNo = 1,
  conduct = 'asked the officer to drop the filing',
) => ({
  caseId,
  interferenceNo,
  interferer: {
    name: 'Wang Qiang',
    position: 'deputy township head',
    organization: 'Yangjiazhuang township',
  },
  conduct,
  occurredAt: '2026-03-05T10:00:00+08:00',
  evidence: [{ uri: 'https://evidence.example/call.mp3', sha256: 'a'.repeat(64) }],
  recordedBy: 'psb' as const,
  recordedAt: '2026-03-05T15:00:00+08:00',
  divisionCode: '141181',
});

const approval = (
  caseId: string,
  landClass: 'pbf' | 'farmland' | 'forest',
  areaMu: number,
  approvalNo = 1,
) => ({
  caseId,
  approvalNo,
  approvalRef: 'YJZ-GOV-2025-17',
  approvingAuthority: 'Yangjiazhuang township government',
  approvingOfficial: { name: 'Zhao Lei', position: 'township head', organization: 'Yangjiazhuang township' },
  areaMu,
  landClass,
  recordedAt: '2026-03-20T10:00:00+08:00',
  divisionCode: '141181',
});

const assessment = (accountable: boolean, year = 2026) => ({
  caseId: `assessment-141181-${year}`,
  divisionCode: '141181',
  year,
  newConstructionFarmlandMu: 100,
  illegalFarmlandMu: accountable ? 15 : 14.99,
  illegalAreaMuByLandClass: accountable ? { pbf: 5, farmland: 10 } : { pbf: 4.99, farmland: 10 },
  basis: 'enforcement statistics',
  share: accountable ? 0.15 : 0.1499,
  threshold: 0.15,
  accountable,
  ruleId: 'accountability.division-share',
  source: 'Order 15 of 2008 art. 3',
  ruleSetVersion: '2026.1',
  assessedAt: '2027-01-10T10:00:00+08:00',
});

describe('the accountability drafts', () => {
  it('refers every interference, naming who did what, with the evidence', () => {
    const draft = decideInterferenceDraft(interference('C1', 2));
    expect(draft.data).toMatchObject({
      caseId: 'C1',
      referralId: 'C1.disc-interference-2',
      from: 'nrb',
      to: 'disc',
      divisionCode: '141181',
      ruleId: 'accountability.interference',
      ruleSetVersion: '2026.1',
    });
    expect(draft.data.reason).toContain('Wang Qiang (deputy township head, Yangjiazhuang township)');
    expect(draft.data.reason).toContain('recorded by psb');
    expect(draft.data.documents).toContainEqual({
      kind: 'evidence',
      ref: 'https://evidence.example/call.mp3',
      sha256: 'a'.repeat(64),
    });
  });

  it('keeps the reason within the catalogue limit however long the record', () => {
    const draft = decideInterferenceDraft(interference('C1', 1, 'x'.repeat(2000)));
    expect(draft.data.reason).toHaveLength(2000);
    expect(draft.data.reason.endsWith('…')).toBe(true);
  });

  it('cuts a long reason between characters, never inside a surrogate pair (the ledger hashes it as I-JSON)', () => {
    for (const pad of ['', 'x']) {
      const draft = decideInterferenceDraft(interference('C1', 1, `${pad}${'🌾'.repeat(1000)}`));
      expect(draft.data.reason.length).toBeLessThanOrEqual(2000);
      expect(hasLoneSurrogate(draft.data.reason)).toBe(false);
    }
  });

  it.each([
    ['pbf', 9.99, false, 'accountability.illegal-approval.pbf'],
    ['pbf', 10, true, 'accountability.illegal-approval.pbf'],
    ['farmland', 29.99, false, 'accountability.illegal-approval.farmland'],
    ['farmland', 30, true, 'accountability.illegal-approval.farmland'],
    ['forest', 49.99, false, 'accountability.illegal-approval.other'],
    ['forest', 50, true, 'accountability.illegal-approval.other'],
  ] as const)(
    'refers an illegal approval of %s, %s mu, saying whether it is serious (%s)',
    (landClass, areaMu, serious, ruleId) => {
      const draft = decideIllegalApprovalDraft(approval('C2', landClass, areaMu));
      expect(draft.data).toMatchObject({ referralId: 'C2.disc-approval-1', to: 'disc', ruleId });
      expect(draft.data.reason).toContain(
        'approval YJZ-GOV-2025-17 by Yangjiazhuang township government, Zhao Lei',
      );
      expect(draft.data.reason).toContain(serious ? 'serious (情节严重)' : 'below the serious threshold');
    },
  );

  it('refers a division at or above the share, and not below it', () => {
    expect(decideAssessmentDraft(assessment(false))).toBeNull();
    const draft = decideAssessmentDraft(assessment(true));
    expect(draft?.data).toMatchObject({
      caseId: 'assessment-141181-2026',
      referralId: 'assessment-141181-2026.disc',
      to: 'disc',
      divisionCode: '141181',
      ruleId: 'accountability.division-share',
      ruleSetVersion: '2026.1',
    });
    expect(draft?.data.reason).toContain('15% ≥ 15%');
  });
});

describe('the accountability reaction', () => {
  let sys: TestSystem;
  let nrb: string;
  beforeEach(async () => {
    sys = await startTestSystem(referralModule);
    nrb = await sys.token('nrb', ['officer', 'head']);
  });
  afterEach(() => sys.stop());

  const drafted = (id: string, token = nrb) => draftedReferral(sys, id, token);

  it('drafts one referral per record and per accountable assessment, once however often delivered', async () => {
    const first = await sys.publish('enforcement', 'InterferenceRecorded', interference('INT', 1));
    // Delivered again, and the same facts under a new event id as a replayed relay sends them.
    await sys.bus.publish(topicOf('enforcement'), [{ key: 'INT', event: first }]);
    await sys.publish('enforcement', 'InterferenceRecorded', interference('INT', 1));
    await sys.publish(
      'enforcement',
      'InterferenceRecorded',
      interference('INT', 2, 'threatened the inspector'),
    );
    await sys.publish('enforcement', 'IllegalApprovalRecorded', approval('APP', 'pbf', 10));
    await sys.publish('enforcement', 'AssessmentRecorded', assessment(false, 2025));
    await sys.publish('enforcement', 'AssessmentRecorded', assessment(true));
    await sys.publish('enforcement', 'AssessmentRecorded', assessment(true));
    // Handled after everything above on the same topic.
    await sys.publish('enforcement', 'InterferenceRecorded', interference('MARK', 1));
    await drafted('MARK.disc-interference-1');

    const streams = new Set((await sys.store.readAll()).map((e) => e.streamId));
    expect(streams).toEqual(
      new Set([
        'referral.referral-INT.disc-interference-1',
        'referral.referral-INT.disc-interference-2',
        'referral.referral-APP.disc-approval-1',
        'referral.referral-assessment-141181-2026.disc',
        'referral.referral-MARK.disc-interference-1',
      ]),
    );
    expect(await sys.store.readStream('referral.referral-INT.disc-interference-1')).toHaveLength(1);
    expect(await sys.store.readStream('referral.referral-assessment-141181-2026.disc')).toHaveLength(1);
    const [stored] = await sys.store.readStream('referral.referral-INT.disc-interference-1');
    expect(stored!.metadata).toMatchObject({
      caseId: 'INT',
      actor: 'nrb:system:referral',
      causationId: first.id,
      ruleSetVersion: '2026.1',
    });
  });

  it('lets the bureau approve and send the drafted referral, which the discipline commission then sees', async () => {
    await sys.publish('enforcement', 'IllegalApprovalRecorded', approval('APP', 'farmland', 29.99));
    const disc = await sys.token('disc', ['officer']);
    expect(await drafted('APP.disc-approval-1', nrb)).toMatchObject({
      state: 'drafted',
      from: 'nrb',
      to: 'disc',
      ruleId: 'accountability.illegal-approval.farmland',
    });
    const res = await sys.app.inject({
      method: 'POST',
      url: '/referral/referrals/APP.disc-approval-1/approval',
      headers: { authorization: `Bearer ${nrb}` },
      payload: { approved: true, note: 'refer the approving officials' },
    });
    expect(res.json()).toMatchObject({ id: 'APP.disc-approval-1', state: 'approved' });
    const read = () =>
      sys.app.inject({
        method: 'GET',
        url: '/referral/referrals/APP.disc-approval-1',
        headers: { authorization: `Bearer ${disc}` },
      });
    // Not sent yet: the commission sees nothing.
    expect((await read()).statusCode).toBe(404);
    await attachRequired(sys, 'APP.disc-approval-1', nrb);
    await sys.app.inject({
      method: 'POST',
      url: '/referral/referrals/APP.disc-approval-1/dispatch',
      headers: { authorization: `Bearer ${nrb}` },
    });
    expect((await read()).json()).toMatchObject({ state: 'dispatched', to: 'disc' });
  });
});
