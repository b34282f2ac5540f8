import { topicOf } from '@landcase/contracts';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';
import { PARTY_CASES_COLLECTION } from '../party-cases.ts';
import {
  afterFilings,
  draftedReferrals,
  fileCase,
  organization,
  person,
  storedMatches,
} from '../test-filing.ts';
import { decideRuleDrafts } from './rule-drafts.ts';

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

describe('the CaseFiled reaction on repeated occupation by the same identifier', () => {
  let sys: TestSystem;
  let nrb: string;
  beforeEach(async () => {
    sys = await startTestSystem(referralModule);
    nrb = await sys.token('nrb', ['officer', 'head']);
  });
  afterEach(() => sys.stop());

  const zhang = person('张三', 'zhang');
  type Party = ReturnType<typeof person>;
  const file = (party: Party, caseId: string, landClass: string, areaMu: number, filedAt: string) =>
    fileCase(sys, caseId, { party, landClass, areaMu, filedAt });
  const draftedAfterAll = async () => {
    await afterFilings(sys);
    return draftedReferrals(sys);
  };

  it('drafts at the boundaries: 4.99 / 5.00 mu PBF and 9.99 / 10.00 mu farmland', async () => {
    const at = '2026-03-06T10:00:00+08:00';
    await file(person('A', 'A'), 'P499', 'pbf', 4.99, at);
    await file(person('B', 'B'), 'P500', 'pbf', 5, at);
    await file(person('C', 'C'), 'F999', 'farmland', 9.99, at);
    await file(person('D', 'D'), 'F1000', 'farmland', 10, at);
    expect(await draftedAfterAll()).toEqual([
      'F1000.disc disc',
      'F1000.psb psb',
      'P500.disc disc',
      'P500.psb psb',
    ]);
  });

  it('refers the second 6 mu of farmland 364 days after the first to the police, with 12 mu', async () => {
    await file(zhang, 'Z1', 'farmland', 6, '2025-03-06T10:00:00+08:00');
    const second = await file(zhang, 'Z2', 'farmland', 6, '2026-03-05T10:00:00+08:00');
    expect(await draftedAfterAll()).toEqual(['Z2.psb psb']);

    const [drafted] = await sys.store.readStream('referral.referral-Z2.psb');
    expect(drafted!.data).toMatchObject({
      caseId: 'Z2',
      to: 'psb',
      ruleId: 'referral.psb.farmland',
      reason: expect.stringMatching(
        /^farmland occupied: 12 mu ≥ 10 mu .*6 mu in Z1 within 1 year \(法释〔2000〕14号 art\. 9\)$/,
      ),
      // The sum and each case in it, on the event the audit ledger records.
      accumulated: {
        areaMu: 12,
        priorCases: [{ caseId: 'Z1', areaMu: 6, filedAt: '2025-03-06T10:00:00+08:00' }],
        ruleId: 'referral.accumulation.window',
        source: '法释〔2000〕14号 art. 9',
        confirmations: [],
      },
    });
    expect(drafted!.metadata).toMatchObject({
      causationId: second.id,
      accumulated: { areaMu: 12, priorCaseIds: ['Z1'] },
    });
    const res = await sys.app.inject({
      method: 'GET',
      url: '/referral/referrals/Z2.psb',
      headers: { authorization: `Bearer ${nrb}` },
    });
    expect(res.json()).toMatchObject({
      id: 'Z2.psb',
      state: 'drafted',
      reason: expect.stringContaining('12 mu'),
      accumulated: { areaMu: 12 },
    });
  });

  it('adds up the same identifier across divisions, in another province too, whatever the name', async () => {
    await fileCase(sys, 'SX', { party: zhang, divisionCode: '141181' });
    await fileCase(sys, 'GD', {
      party: { ...zhang, name: '张 三（又名张叁）' },
      divisionCode: '440305',
      filedAt: '2026-05-06T10:00:00+08:00',
    });
    expect(await draftedAfterAll()).toEqual(['GD.psb psb']);
    expect(await storedMatches(sys)).toEqual([]);
  });

  it('adds up on the same China date a year on, and not a year and a day apart', async () => {
    const wang = person('王五', 'wang');
    await file(zhang, 'Z1', 'farmland', 6, '2025-03-06T10:00:00+08:00');
    await file(zhang, 'Z2', 'farmland', 6, '2026-03-07T09:00:00+08:00');
    await file(wang, 'W1', 'farmland', 6, '2025-03-06T10:00:00+08:00');
    await file(wang, 'W2', 'farmland', 6, '2026-03-06T23:00:00+08:00');
    expect(await draftedAfterAll()).toEqual(['W2.psb psb']);
  });

  it('does not add up different identifiers, a name without one, nor PBF with farmland', async () => {
    const at = '2026-03-06T10:00:00+08:00';
    await file(zhang, 'Z1', 'farmland', 6, at);
    // Same name, another resident ID number: another person, and known to be.
    await file(person('张三', 'another'), 'Z2', 'farmland', 6, at);
    // Same name, no ID number: perhaps either of them; nothing adds up on a name.
    await file(person('张三'), 'Z3', 'farmland', 6, at);
    await file({ ...zhang, kind: 'organization', idNumber: undefined as never }, 'Z4', 'farmland', 6, at);
    await file(zhang, 'Z5', 'pbf', 4, at);
    expect(await draftedAfterAll()).toEqual([]);
    expect(await storedMatches(sys)).toEqual(['Z1~Z3 PartyMatchSuspected', 'Z2~Z3 PartyMatchSuspected']);
  });

  it('adds up a number recorded before identifiers were checked only as a name', async () => {
    // A stored CaseFiled whose number fails its check: it identifies no one.
    const unchecked = { name: '李四', kind: 'person' as const, idNumber: '141181198001010011' };
    await file(unchecked, 'L1', 'farmland', 6, '2026-03-06T10:00:00+08:00');
    await file(unchecked, 'L2', 'farmland', 6, '2026-03-07T10:00:00+08:00');
    expect(await draftedAfterAll()).toEqual([]);
    expect(await storedMatches(sys)).toEqual(['L1~L2 PartyMatchSuspected']);
  });

  it('counts a redelivered CaseFiled once, and decides it again as it did the first time', async () => {
    const at = '2026-03-06T10:00:00+08:00';
    const first = await file(zhang, 'Z1', 'farmland', 4, at);
    await sys.bus.publish(topicOf('enforcement'), [{ key: 'Z1', event: first }]);
    // The same facts under a new event id, as a replayed relay sends them.
    await file(zhang, 'Z1', 'farmland', 4, at);
    // 4 + 5 = 9 mu: no referral; had Z1 counted twice, 13 mu would be.
    await file(zhang, 'Z2', 'farmland', 5, at);
    // 4 + 5 + 1 = 10 mu: Z3 is referred with both earlier cases.
    await file(zhang, 'Z3', 'farmland', 1, at);
    // Z2 again, after Z3: it still adds up only what was filed before it.
    await file(zhang, 'Z2', 'farmland', 5, at);
    expect(await draftedAfterAll()).toEqual(['Z3.psb psb']);

    const [drafted] = await sys.store.readStream('referral.referral-Z3.psb');
    expect(drafted!.metadata).toMatchObject({ accumulated: { areaMu: 10, priorCaseIds: ['Z1', 'Z2'] } });
    const recorded = await sys.readModels
      .collection(PARTY_CASES_COLLECTION)
      .find({ identity: `person:${zhang.idNumber}` });
    expect(recorded.map((c) => [c.caseId, c.areaMu]).sort()).toEqual([
      ['Z1', 4],
      ['Z2', 5],
      ['Z3', 1],
    ]);
  });

  it('refers the later-filed case when an earlier-filed one of the party is recorded after it', async () => {
    // Filed in March, recorded first; then a case filed in February comes in late.
    await file(zhang, 'MAR', 'farmland', 6, '2026-03-06T10:00:00+08:00');
    const late = await file(zhang, 'FEB', 'farmland', 6, '2026-02-06T10:00:00+08:00');
    expect(await draftedAfterAll()).toEqual(['MAR.psb psb']);
    const [drafted] = await sys.store.readStream('referral.referral-MAR.psb');
    expect(drafted!.metadata).toMatchObject({ causationId: late.id, accumulated: { priorCaseIds: ['FEB'] } });
  });
});

describe('organizations', () => {
  let sys: TestSystem;
  beforeEach(async () => {
    sys = await startTestSystem(referralModule);
  });
  afterEach(() => sys.stop());

  it('add up by credit code, and only raise a match by name, however the name is typed', async () => {
    const works = organization('汾阳砖厂（有限公司）', 'works');
    await fileCase(sys, 'O1', { party: works, landClass: 'pbf', areaMu: 3 });
    await fileCase(sys, 'O2', {
      party: { ...works, name: 'Fenyang Brick Works' },
      landClass: 'pbf',
      areaMu: 2,
    });
    await fileCase(sys, 'N1', { party: organization('汾阳砖厂（有限公司）'), landClass: 'pbf', areaMu: 3 });
    await fileCase(sys, 'N2', { party: organization(' 汾阳 砖厂(有限公司)'), landClass: 'pbf', areaMu: 2 });
    await afterFilings(sys);
    expect(await draftedReferrals(sys)).toEqual(['O2.psb psb']);
    // N1 and N2 may be the works (O1 by name) or one another; O2 is named otherwise.
    expect(await storedMatches(sys)).toEqual([
      'N1~N2 PartyMatchSuspected',
      'N1~O1 PartyMatchSuspected',
      'N2~O1 PartyMatchSuspected',
    ]);
  });
});
