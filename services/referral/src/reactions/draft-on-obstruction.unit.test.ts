import { topicOf } from '@landcase/contracts';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASE_DIVISIONS_COLLECTION } from '../case-divisions.ts';
import { referralModule } from '../index.ts';
import { draftedReferral, postAs } from '../test-http.ts';
import { decideObstructionDraft, OBSTRUCTION_REASON } from './draft-on-obstruction.ts';

const caseOpened = (caseId: string, divisionCode = '141181') => ({
  caseId,
  divisionCode,
  landClass: 'pbf',
  areaMu: 3,
  party: { name: 'Fenyang Brick Works Ltd', kind: 'organization' },
  ongoing: true,
  clueSource: 'patrol',
  discoveredAt: '2026-03-05T09:00:00+08:00',
  ruleSetVersion: '2026.1',
});
const stopConfirmed = (caseId: string, stopped: boolean) => ({
  caseId,
  stopped,
  observedAt: '2026-03-07T16:00:00+08:00',
});

describe('decideObstructionDraft', () => {
  it('drafts to the police on a refusal to stop, and nothing when the work stopped', () => {
    expect(decideObstructionDraft(stopConfirmed('C1', false), '141181')).toEqual({
      type: 'ReferralDrafted',
      data: expect.objectContaining({
        caseId: 'C1',
        referralId: 'C1.psb-obstruction',
        from: 'nrb',
        to: 'psb',
        divisionCode: '141181',
        reason: OBSTRUCTION_REASON,
        ruleId: 'referral.psb.obstruction',
        ruleSetVersion: expect.any(String),
      }),
    });
    expect(decideObstructionDraft(stopConfirmed('C1', true), '141181')).toBeNull();
  });
});

describe('the StopConfirmed reaction', () => {
  let sys: TestSystem;
  let nrb: string;
  beforeEach(async () => {
    sys = await startTestSystem(referralModule);
    nrb = await sys.token('nrb', ['officer', 'head']);
  });
  afterEach(() => sys.stop());

  const drafted = (id: string) => draftedReferral(sys, id, nrb);

  it('drafts a police referral for obstruction, in the division of the case', async () => {
    // The officer acting is from the township office: the CloudEvent division is not the case's.
    await sys.publish('enforcement', 'CaseOpened', caseOpened('OBS', '141181'), { division: '141181102' });
    const refused = await sys.publish('enforcement', 'StopConfirmed', stopConfirmed('OBS', false), {
      division: '141181102',
    });
    expect(await drafted('OBS.psb-obstruction')).toMatchObject({
      id: 'OBS.psb-obstruction',
      caseId: 'OBS',
      state: 'drafted',
      from: 'nrb',
      to: 'psb',
      divisionCode: '141181',
      reason: 'refusal to stop / obstruction of enforcement',
      ruleId: 'referral.psb.obstruction',
    });
    const [stored] = await sys.store.readStream('referral.referral-OBS.psb-obstruction');
    expect(stored!.metadata).toMatchObject({
      caseId: 'OBS',
      actor: 'nrb:system:referral',
      correlationId: refused.correlationid,
      causationId: refused.id,
    });
  });

  it('drafts once when StopConfirmed comes again or the party refuses again, and nothing for a stop', async () => {
    await sys.publish('enforcement', 'CaseOpened', caseOpened('OBS'));
    await sys.publish('enforcement', 'CaseOpened', caseOpened('CALM'));
    await sys.publish('enforcement', 'StopConfirmed', stopConfirmed('CALM', true));
    const first = await sys.publish('enforcement', 'StopConfirmed', stopConfirmed('OBS', false));
    await sys.bus.publish(topicOf('enforcement'), [{ key: 'OBS', event: first }]);
    // The same facts under a new event id, as a replayed relay sends them.
    await sys.publish('enforcement', 'StopConfirmed', stopConfirmed('OBS', false));
    // Handled after everything above on the same topic: once it is drafted, the rest was handled.
    await sys.publish('enforcement', 'CaseOpened', caseOpened('MARK'));
    await sys.publish('enforcement', 'StopConfirmed', stopConfirmed('MARK', false));
    await drafted('MARK.psb-obstruction');

    expect(await sys.store.readStream('referral.referral-OBS.psb-obstruction')).toHaveLength(1);
    expect(await sys.store.readStream('referral.referral-CALM.psb-obstruction')).toEqual([]);
    const streams = (await sys.store.readAll()).map((e) => e.streamId);
    expect(new Set(streams)).toEqual(
      new Set(['referral.referral-OBS.psb-obstruction', 'referral.referral-MARK.psb-obstruction']),
    );
    expect(await sys.readModels.collection(CASE_DIVISIONS_COLLECTION).count({})).toBe(3);
  });

  it('lets the drafted referral go on to the police through the API', async () => {
    await sys.publish('enforcement', 'CaseOpened', caseOpened('OBS'));
    await sys.publish('enforcement', 'StopConfirmed', stopConfirmed('OBS', false));
    await drafted('OBS.psb-obstruction');
    const res = await sys.app.inject({
      method: 'POST',
      url: '/referral/referrals/OBS.psb-obstruction/approval',
      headers: { authorization: `Bearer ${nrb}` },
      payload: { approved: true, note: 'obstruction: refer at once' },
    });
    expect(res.json()).toMatchObject({ id: 'OBS.psb-obstruction', state: 'approved' });
  });

  it('learns from CaseOpened the cases a referral or recommendation may name, each in its division', async () => {
    const neighbour = await sys.token('nrb', ['officer'], '141182');
    const draft = (token: string) =>
      postAs(sys, '/referrals', token, { caseId: 'HEARD', to: 'psb', reason: 'by hand', documents: [] });
    // Not heard of yet: no such case.
    expect((await draft(neighbour)).status).toBe(422);
    await sys.publish('enforcement', 'CaseOpened', caseOpened('HEARD', '141182'));
    const drafted = await eventually('the case heard of', async () => {
      const res = await draft(neighbour);
      return res.status === 201 ? res : undefined;
    });
    expect(drafted.body).toMatchObject({ caseId: 'HEARD', divisionCode: '141182' });
    // Another county's bureau still finds no such case in its divisions.
    expect(await draft(nrb)).toMatchObject({ status: 422, body: { errors: [{ path: '/caseId' }] } });
    const recommended = await postAs(
      sys,
      '/recommendations',
      await sys.token('proc', ['officer'], '141100'),
      {
        caseId: 'HEARD',
        to: 'nrb',
        divisionCode: '141182',
        content: '依法拆除违法建筑',
        harmGrowing: false,
        documents: [{ kind: 'procuratorial-recommendation', ref: 'x' }],
      },
    );
    expect(recommended).toMatchObject({ status: 201, body: { divisionCode: '141182' } });
  });
});
