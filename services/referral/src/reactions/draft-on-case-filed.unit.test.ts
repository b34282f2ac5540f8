import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';
import { eventually, startTestSystem, type TestSystem } from '../testing.ts';
import { decideRuleDrafts } from './draft-on-case-filed.ts';

const party = { name: 'Fenyang Brick Works Ltd', kind: 'organization' };
const caseFiled = (caseId: string, landClass: string, areaMu: number) => ({
  caseId,
  filingNo: `FY-LA-${caseId}`,
  filedAt: '2026-03-06T10:00:00+08:00',
  divisionCode: '141181',
  landClass,
  areaMu,
  party,
});

describe('decideRuleDrafts', () => {
  it('drafts to the police and the discipline commission at the thresholds, and nothing below', () => {
    const drafts = decideRuleDrafts(caseFiled('C1', 'pbf', 5) as never);
    expect(drafts.map((d) => [d.referralId, d.event.data.to, d.event.data.ruleId])).toEqual([
      ['C1.psb', 'psb', 'referral.psb.pbf'],
      ['C1.disc', 'disc', 'referral.disc.pbf'],
    ]);
    expect(drafts[0]!.event.data).toMatchObject({
      from: 'nrb',
      divisionCode: '141181',
      ruleSetVersion: expect.any(String),
      documents: expect.arrayContaining([expect.objectContaining({ kind: 'referral-letter' })]),
    });
    expect(decideRuleDrafts(caseFiled('C2', 'pbf', 4.99) as never)).toEqual([]);
    expect(decideRuleDrafts(caseFiled('C3', 'farmland', 10) as never)).toHaveLength(2);
    expect(decideRuleDrafts(caseFiled('C4', 'construction', 500) as never)).toEqual([]);
  });
});

describe('the CaseFiled reaction', () => {
  let sys: TestSystem;
  let nrb: string;
  beforeEach(async () => {
    sys = await startTestSystem(referralModule);
    nrb = await sys.token('nrb', ['officer', 'head']);
  });
  afterEach(() => sys.stop());

  const listFor = async (caseId: string) =>
    (
      await sys.app.inject({
        method: 'GET',
        url: `/referral/referrals?caseId=${caseId}`,
        headers: { authorization: `Bearer ${nrb}` },
      })
    ).json().items as { id: string; to: string; state: string; ruleId?: string }[];

  it('drafts psb and disc referrals for 6 mu of PBF and none for 4 mu', async () => {
    await sys.publish('enforcement', 'CaseOpened', { caseId: 'SMALL', note: 'not for referral' });
    await sys.publish('enforcement', 'CaseFiled', caseFiled('SMALL', 'pbf', 4));
    const filed = await sys.publish('enforcement', 'CaseFiled', caseFiled('BIG', 'pbf', 6));

    const drafted = await eventually(async () => {
      const items = await listFor('BIG');
      return items.length === 2 ? items : undefined;
    });
    expect(drafted.map((r) => [r.id, r.to, r.state, r.ruleId]).sort()).toEqual([
      ['BIG.disc', 'disc', 'drafted', 'referral.disc.pbf'],
      ['BIG.psb', 'psb', 'drafted', 'referral.psb.pbf'],
    ]);
    // The bus delivers in publish order: the 4 mu case was handled before the 6 mu one.
    expect(await listFor('SMALL')).toEqual([]);
    expect(await sys.store.readStream('referral.referral-SMALL.psb')).toEqual([]);

    const [stored] = await sys.store.readStream('referral.referral-BIG.psb');
    expect(stored!.metadata).toMatchObject({
      caseId: 'BIG',
      actor: 'nrb:system:referral',
      correlationId: filed.correlationid,
      causationId: filed.id,
      ruleSetVersion: expect.any(String),
    });
  });

  it('drafts each referral once when CaseFiled comes again', async () => {
    const first = await sys.publish('enforcement', 'CaseFiled', caseFiled('BIG', 'farmland', 12));
    await sys.bus.publish('landcase.enforcement.v1', [{ key: 'BIG', event: first }]);
    // The same facts under a new event id (a replayed relay) find the deterministic streams taken.
    await sys.publish('enforcement', 'CaseFiled', caseFiled('BIG', 'farmland', 12));
    // Handled after everything above, so once its referrals are listed the others were handled.
    await sys.publish('enforcement', 'CaseFiled', caseFiled('MARK', 'pbf', 9));
    await eventually(async () => (await listFor('MARK')).length === 2);

    expect(await sys.store.readStream('referral.referral-BIG.psb')).toHaveLength(1);
    expect(await sys.store.readStream('referral.referral-BIG.disc')).toHaveLength(1);
    expect(await listFor('BIG')).toHaveLength(2);
  });

  it('lets the drafted referral go on through the API', async () => {
    await sys.publish('enforcement', 'CaseFiled', caseFiled('BIG', 'pbf', 6));
    await eventually(async () => (await listFor('BIG')).length === 2);
    const res = await sys.app.inject({
      method: 'POST',
      url: '/referral/referrals/BIG.psb/approval',
      headers: { authorization: `Bearer ${nrb}` },
      payload: { approved: true, note: 'criminal referral' },
    });
    expect(res.json()).toMatchObject({ id: 'BIG.psb', caseId: 'BIG', state: 'approved' });
  });
});
