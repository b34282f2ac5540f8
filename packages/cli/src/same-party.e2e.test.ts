import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { residentIdFor } from '@landcase/lifecycle/test-support';
import { mintToken, type RunningService } from '@landcase/service-kit';
import { eventually } from '@landcase/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Http, squareParcel } from './happy-path.ts';
import { fetchHttp } from './http-client.ts';
import { embeddedEnv } from './model/embedded.ts';
import { runSystem } from './system.ts';

// Repeated occupations add up for a criminal referral (法释〔2000〕14号 art. 9) only for one party:
// the same resident ID number adds up across provinces by itself; 张某 without one, in two cases of
// one county, is a question for the bureau, shown on both cases and in its inbox, and adds up only
// once an officer confirms it, the referral and the audit ledger naming who did. Over HTTP, through
// every service of the embedded system. The clock stands still.

const NOW = new Date('2026-03-10T02:00:00.000Z');

let system: RunningService;
let dir: string;
let http: Http;

const token = (agency: string, roles: string[] = ['officer'], division = '141181') =>
  mintToken(system.config.jwtSecret, { sub: `${agency}-user`, agency: agency as never, division, roles });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'landcase-same-party-'));
  system = await runSystem(embeddedEnv(dir), { handleSignals: false, clock: { now: () => NOW } });
  http = fetchHttp(() => system.address);
});
afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let refs = 0;
type Party = { name: string; kind: 'person' | 'organization'; idNumber?: string };

/** A clue reported in `division`; returns its case id. */
async function reportClue(division: string): Promise<string> {
  refs += 1;
  const res = await http('POST', '/detection/clues', {
    token: await token('grid', ['officer'], division),
    body: {
      source: 'patrol',
      externalRef: `SP-${refs}`,
      divisionCode: division,
      landClass: 'farmland',
      parcel: squareParcel(111.79 + refs * 0.01),
      observedAt: '2026-03-02T09:00:00+08:00',
    },
  });
  expect(res.status).toBe(201);
  return res.body.caseId as string;
}

const verify = async (caseId: string, party: Party, division = '141181') =>
  http('POST', `/detection/clues/${caseId}/verification`, {
    token: await token('nrb', ['officer'], division),
    body: { verdict: 'illegal', areaMu: 6, landClass: 'farmland', ongoing: false, party },
  });

/** A case of 6 mu of farmland occupied by `party`, opened and filed at `filedAt`. */
async function filedCase(division: string, party: Party, filedAt: string): Promise<string> {
  const caseId = await reportClue(division);
  expect((await verify(caseId, party, division)).status).toBe(200);
  const nrb = await token('nrb', ['officer'], division);
  await eventually('the case opened', async () => {
    const res = await http('GET', `/enforcement/cases/${caseId}`, { token: nrb });
    return res.status === 200;
  });
  const filed = await http('POST', `/enforcement/cases/${caseId}/filing`, {
    token: nrb,
    body: { filingNo: `FL-${refs}`, filedAt },
  });
  expect(filed.status).toBe(200);
  return caseId;
}

const referralsOf = async (caseId: string, division = '141181') =>
  (
    await http('GET', `/referral/referrals?caseId=${caseId}`, {
      token: await token('nrb', ['officer'], division),
    })
  ).body.items as {
    id: string;
    to: string;
    reason: string;
  }[];

describe('the same party across cases', () => {
  it('refuses at verification a resident ID number whose check digit is wrong, naming the field', async () => {
    const caseId = await reportClue('141181');
    const good = residentIdFor('check');
    const wrong = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const res = await verify(caseId, { name: '张某', kind: 'person', idNumber: wrong });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([
      { path: '/party/idNumber', reason: expect.stringContaining('GB 11643') },
    ]);
    const clue = await http('GET', `/detection/clues/${caseId}`, { token: await token('nrb') });
    expect(clue.body.state).toBe('reported');
  });

  it('adds up the same resident ID number in two provinces by itself', async () => {
    const wang = { name: '王五', kind: 'person' as const, idNumber: residentIdFor('wang') };
    await filedCase('141181', wang, '2026-03-06T10:00:00+08:00');
    const second = await filedCase('440305', wang, '2026-03-08T10:00:00+08:00');
    const [psb] = await eventually('the police referral of the second case', async () => {
      const items = await referralsOf(second, '440305');
      return items.length > 0 ? items : undefined;
    });
    expect(psb).toMatchObject({ id: `${second}.psb`, to: 'psb', reason: expect.stringContaining('12 mu') });
  });

  it('asks the bureau about 张某 in two cases of one county, and adds up only what it confirmed', async () => {
    const zhang = { name: '张某', kind: 'person' as const };
    const first = await filedCase('141181', zhang, '2026-03-06T10:00:00+08:00');
    // In another county, 张某 is nobody's match.
    const elsewhere = await filedCase('141182', zhang, '2026-03-07T10:00:00+08:00');
    const second = await filedCase('141181', { ...zhang, name: '张 某' }, '2026-03-08T10:00:00+08:00');
    const nrb = await token('nrb');

    const [match] = await eventually('the possible same party in the inbox', async () => {
      const res = await http(
        'GET',
        '/referral/party-matches?agency=nrb&state=suspected&withinDivision=141181',
        {
          token: nrb,
        },
      );
      return res.body.items.length > 0 ? res.body.items : undefined;
    });
    expect(match).toMatchObject({
      caseId: second,
      caseIds: [first, second],
      state: 'suspected',
      awaiting: ['nrb'],
    });
    for (const [caseId, other] of [
      [first, second],
      [second, first],
    ]) {
      const shown = await eventually('the match on the case', async () => {
        const res = await http('GET', `/enforcement/cases/${caseId}`, { token: nrb });
        return res.body.partyMatches?.length > 0 ? res.body.partyMatches : undefined;
      });
      expect(shown).toEqual([
        expect.objectContaining({ matchId: match.id, state: 'suspected', otherCaseId: other }),
      ]);
    }
    expect(
      (await http('GET', `/referral/party-matches?caseId=${elsewhere}`, { token: nrb })).body.total,
    ).toBe(0);
    expect(await referralsOf(second)).toEqual([]);

    // The police may not answer it (for them it does not exist), nor a bureau auditor; the bureau's officer does.
    const psb = await token('psb', ['officer', 'head']);
    const basis = { basis: '村委会证明与户籍核查：同一人' };
    const url = `/referral/party-matches/${match.id}/confirmation`;
    expect((await http('POST', url, { token: psb, body: basis })).status).toBe(404);
    expect((await http('POST', url, { token: await token('nrb', ['auditor']), body: basis })).status).toBe(
      403,
    );
    expect((await http('POST', url, { token: nrb, body: basis })).status).toBe(200);

    const [psbReferral] = await eventually('the police referral after the confirmation', async () => {
      const items = await referralsOf(second);
      return items.length > 0 ? items : undefined;
    });
    expect(psbReferral!.reason).toMatch(
      new RegExp(
        `12 mu ≥ 10 mu .*6 mu in ${first} within 1 year .*held the same on confirmation: .* by nrb:nrb-user on 2026-03-10$`,
      ),
    );

    // The ledger shows a court why the threshold was met: the match, who confirmed it, the sum.
    const audit = await token('audit', ['auditor']);
    const timeline = await eventually('the audit timeline of the second case', async () => {
      const res = await http('GET', `/audit/cases/${second}/timeline`, { token: audit });
      const events = (res.body?.events ?? []) as { name: string; data: Record<string, unknown> }[];
      return events.some((e) => e.name === 'ReferralDrafted') ? events : undefined;
    });
    expect(timeline.map((e) => e.name)).toEqual(
      expect.arrayContaining(['CaseFiled', 'PartyMatchSuspected', 'PartyMatchConfirmed', 'ReferralDrafted']),
    );
    expect(timeline.find((e) => e.name === 'PartyMatchConfirmed')!.data).toMatchObject({
      confirmedBy: 'nrb:nrb-user',
      basis: basis.basis,
    });
    expect(timeline.find((e) => e.name === 'ReferralDrafted')!.data).toMatchObject({
      accumulated: {
        areaMu: 12,
        priorCases: [{ caseId: first, areaMu: 6 }],
        confirmations: [{ matchId: match.id, confirmedBy: 'nrb:nrb-user' }],
      },
    });
    const state = await http(
      'GET',
      `/audit/cases/${second}/state?at=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
      {
        token: audit,
      },
    );
    expect(state.body.services.partyMatch[match.id]).toMatchObject({
      aggregate: 'partyMatch',
      state: 'confirmed',
    });
  });
});
