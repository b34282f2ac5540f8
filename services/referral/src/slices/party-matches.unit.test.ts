import { PROBLEM_BASE } from '@landcase/contracts';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';
import { afterFilings, fileCase, person } from '../test-filing.ts';
import { postAs } from '../test-http.ts';

// The bureau's inbox of possible same parties and its answers to them.

let sys: TestSystem;
let nrb: string;
beforeEach(async () => {
  sys = await startTestSystem(referralModule);
  nrb = await sys.token('nrb', ['officer']);
});
afterEach(() => sys.stop());

const zhang = person('张某');
const CONFIRM = { basis: '户籍核查：同一人' };
const REJECT = { reason: '年龄、住址均不同' };

async function get(url: string, token: string) {
  const res = await sys.app.inject({
    method: 'GET',
    url: `/referral${url}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

/** Files A and B for 张某 in 141181 and waits until the bureau's list shows their match. */
async function raiseAB(): Promise<void> {
  await fileCase(sys, 'A', { party: zhang, filedAt: '2026-02-06T10:00:00+08:00' });
  await fileCase(sys, 'B', { party: zhang });
  await eventually(async () => (await get('/party-matches?caseId=A', nrb)).body.total === 1);
}

const streamOf = () => sys.store.readStream('referral.party-match-A~B');

describe('the list of possible same parties', () => {
  it("is the bureau's inbox: what awaits it, by either case, by county", async () => {
    await raiseAB();
    await fileCase(sys, 'X', { party: person('李某'), divisionCode: '141182' });
    await fileCase(sys, 'Y', { party: person('李某'), divisionCode: '141182' });
    // The province's bureau sees both counties'; a county, its own.
    const province = await sys.token('nrb', ['officer'], '140000');
    await eventually(async () => (await get('/party-matches', province)).body.total === 2);
    expect((await get('/party-matches', nrb)).body.total).toBe(1);

    const inbox = await get('/party-matches?agency=nrb&state=suspected&withinDivision=141181', nrb);
    expect(inbox.body).toMatchObject({ total: 1, limit: 50, offset: 0 });
    expect(inbox.body.items[0]).toMatchObject({
      id: 'A~B',
      caseId: 'B',
      caseIds: ['A', 'B'],
      state: 'suspected',
      awaiting: ['nrb'],
      overdue: false,
      divisionCode: '141181',
      kind: 'person',
      name: '张某',
    });
    expect((await get('/party-matches?caseId=B', nrb)).body.items.map((m: { id: string }) => m.id)).toEqual([
      'A~B',
    ]);
    expect((await get('/party-matches?divisionCode=141182', province)).body.items[0].id).toBe('X~Y');
    expect((await get('/party-matches?divisionCode=141182', nrb)).body.total).toBe(0);
    expect((await get('/party-matches?agency=psb', nrb)).body.total).toBe(0);
    expect((await get('/party-matches?kind=organization', nrb)).body.total).toBe(0);

    // Answered, it leaves the inbox.
    await postAs(sys, '/party-matches/A~B/rejection', nrb, REJECT);
    await eventually(async () => (await get('/party-matches?agency=nrb', nrb)).body.total === 0);
    // The other county's match still awaits its bureau, as the province sees.
    expect(
      (await get('/party-matches?agency=nrb', province)).body.items.map((m: { id: string }) => m.id),
    ).toEqual(['X~Y']);
    expect((await get('/party-matches?state=rejected', nrb)).body.items[0]).toMatchObject({
      id: 'A~B',
      awaiting: [],
    });
  });

  it('is for the bureau and the auditor: a partner agency sees nothing', async () => {
    await raiseAB();
    const psb = await sys.token('psb', ['officer']);
    expect((await get('/party-matches', psb)).body).toMatchObject({ items: [], total: 0 });
    expect((await get('/party-matches/A~B', psb)).status).toBe(404);
    const audit = await sys.token('audit', ['auditor']);
    expect((await get('/party-matches', audit)).body.total).toBe(1);
    const one = await get('/party-matches/A~B', audit);
    expect(one).toMatchObject({ status: 200, body: { id: 'A~B', state: 'suspected', revision: 0 } });
    expect(one.headers.etag).toBe('"0"');
  });

  it('refuses a query field it does not know, naming it', async () => {
    const res = await get('/party-matches?party=zhang', nrb);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(`${PROBLEM_BASE}validation`);
  });
});

describe('the answers', () => {
  it('confirm once: again is 200 and records nothing; a rejection after it is 409', async () => {
    await raiseAB();
    expect((await postAs(sys, '/party-matches/A~B/confirmation', nrb, CONFIRM)).status).toBe(200);
    const again = await postAs(sys, '/party-matches/A~B/confirmation', nrb, { basis: 'another basis' });
    expect(again).toMatchObject({ status: 200, body: { state: 'confirmed', confirmation: CONFIRM } });
    expect((await streamOf()).map((e) => e.type)).toEqual(['PartyMatchSuspected', 'PartyMatchConfirmed']);

    const reject = await postAs(sys, '/party-matches/A~B/rejection', nrb, REJECT);
    expect(reject).toMatchObject({
      status: 409,
      body: { type: `${PROBLEM_BASE}illegal-transition`, currentState: 'confirmed', allowedEvents: [] },
    });
    expect(await streamOf()).toHaveLength(2);
  });

  it('reject once: again is 200 and records nothing; a confirmation after it is 409', async () => {
    await raiseAB();
    expect((await postAs(sys, '/party-matches/A~B/rejection', nrb, REJECT)).status).toBe(200);
    expect((await postAs(sys, '/party-matches/A~B/rejection', nrb, REJECT)).status).toBe(200);
    const confirm = await postAs(sys, '/party-matches/A~B/confirmation', nrb, CONFIRM);
    expect(confirm).toMatchObject({ status: 409, body: { currentState: 'rejected' } });
    expect((await streamOf()).map((e) => e.type)).toEqual(['PartyMatchSuspected', 'PartyMatchRejected']);
  });

  it('are for an officer of the bureau of the county or above it: others get 403 or 404 and record nothing', async () => {
    await raiseAB();
    // Those who see the match but may not answer it: 403 naming the rule.
    for (const [agency, roles, division] of [
      ['audit', ['auditor'], '141181'],
      ['nrb', ['auditor'], '141181'],
    ] as const) {
      const token = await sys.token(agency, [...roles], division);
      const res = await postAs(sys, '/party-matches/A~B/confirmation', token, CONFIRM);
      expect(res.status, `${agency} ${division}`).toBe(403);
      expect(res.body).toMatchObject({
        type: `${PROBLEM_BASE}forbidden`,
        rule: { id: 'referral.party-match.confirmation' },
      });
    }
    // Those for whom it does not exist (a partner agency, another county, a township below): 404.
    for (const [agency, roles, division] of [
      ['psb', ['officer', 'head'], '141181'],
      ['gov', ['officer'], '141181'],
      ['nrb', ['officer'], '141182'],
      ['nrb', ['officer'], '141181100'],
    ] as const) {
      const token = await sys.token(agency, [...roles], division);
      const res = await postAs(sys, '/party-matches/A~B/confirmation', token, CONFIRM);
      expect(res.status, `${agency} ${division}`).toBe(404);
    }
    expect(await streamOf()).toHaveLength(1);
    // The city's bureau may answer for its county.
    const city = await sys.token('nrb', ['head'], '141100');
    expect((await postAs(sys, '/party-matches/A~B/confirmation', city, CONFIRM)).status).toBe(200);
  });

  it('refuse a body without its basis or reason (400, naming it) and an unknown match (404)', async () => {
    await raiseAB();
    const noBasis = await postAs(sys, '/party-matches/A~B/confirmation', nrb, {});
    expect(noBasis.status).toBe(400);
    expect(noBasis.body.errors).toEqual([expect.objectContaining({ path: '/basis' })]);
    const noReason = await postAs(sys, '/party-matches/A~B/rejection', nrb, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: '/reason' })]);
    expect(await streamOf()).toHaveLength(1);
    expect((await postAs(sys, '/party-matches/A~C/confirmation', nrb, CONFIRM)).status).toBe(404);
  });

  it('honour If-Match', async () => {
    await raiseAB();
    const stale = await postAs(sys, '/party-matches/A~B/confirmation', nrb, CONFIRM, { 'if-match': '"3"' });
    expect(stale).toMatchObject({ status: 412, body: { currentRevision: 0 } });
    const fresh = await postAs(sys, '/party-matches/A~B/confirmation', nrb, CONFIRM, { 'if-match': '"0"' });
    expect(fresh).toMatchObject({ status: 200, body: { revision: 1 } });
  });

  it('refuse (422) to join parties the records hold apart, and to part parties they hold one', async () => {
    // N (no identifier) may be I or J, who carry different identifiers.
    await fileCase(sys, 'I', { party: person('张某', 'i') });
    await fileCase(sys, 'J', { party: person('张某', 'j') });
    await fileCase(sys, 'N', { party: zhang });
    await afterFilings(sys);
    expect((await postAs(sys, '/party-matches/I~N/confirmation', nrb, CONFIRM)).status).toBe(200);
    await eventually(
      async () => (await sys.readModels.collection('referral.party-links').get('I~N')) !== null,
    );
    const joinBoth = await postAs(sys, '/party-matches/J~N/confirmation', nrb, CONFIRM);
    expect(joinBoth).toMatchObject({
      status: 422,
      body: {
        type: `${PROBLEM_BASE}rule-violation`,
        rule: { id: 'party.match.county' },
        detail: expect.stringContaining('carry different identifiers'),
      },
    });
    // Rejecting J~N is what the records already say, and stands.
    expect((await postAs(sys, '/party-matches/J~N/rejection', nrb, REJECT)).status).toBe(200);

    // M (no identifier) is asked about I's party (I and N) and held apart from it; then O is
    // confirmed as M's party, and may not be confirmed as I's.
    await fileCase(sys, 'M', { party: zhang, divisionCode: '141181' });
    await afterFilings(sys);
    expect((await postAs(sys, '/party-matches/I~M/rejection', nrb, REJECT)).status).toBe(200);
    await eventually(
      async () => (await sys.readModels.collection('referral.party-links').get('I~M')) !== null,
    );
    await fileCase(sys, 'O', { party: zhang });
    await afterFilings(sys);
    expect((await postAs(sys, '/party-matches/M~O/confirmation', nrb, CONFIRM)).status).toBe(200);
    await eventually(
      async () => (await sys.readModels.collection('referral.party-links').get('M~O')) !== null,
    );
    // O was asked about once per party named alike: I's (I and N, one party), J's and M's.
    expect(
      (await get('/party-matches?caseId=O', nrb)).body.items.map((m: { id: string }) => m.id).sort(),
    ).toEqual(['I~O', 'J~O', 'M~O']);
    // I's party was held apart from M's, which is now O's.
    const contradicts = await postAs(sys, '/party-matches/I~O/confirmation', nrb, CONFIRM);
    expect(contradicts).toMatchObject({ status: 422, body: { detail: expect.stringContaining('I~M') } });
    expect((await postAs(sys, '/party-matches/I~O/rejection', nrb, REJECT)).status).toBe(200);
    // Once confirmed, a match is not taken back by a rejection.
    expect((await postAs(sys, '/party-matches/M~O/rejection', nrb, REJECT)).status).toBe(409);
  });

  it('refuse (422) to hold apart two cases the confirmations already hold one party', async () => {
    for (const caseId of ['A', 'B', 'C']) await fileCase(sys, caseId, { party: zhang });
    await afterFilings(sys);
    for (const matchId of ['A~B', 'B~C']) {
      expect((await postAs(sys, `/party-matches/${matchId}/confirmation`, nrb, CONFIRM)).status).toBe(200);
      await eventually(
        async () => (await sys.readModels.collection('referral.party-links').get(matchId)) !== null,
      );
    }
    const res = await postAs(sys, '/party-matches/A~C/rejection', nrb, REJECT);
    expect(res).toMatchObject({
      status: 422,
      body: {
        detail: expect.stringMatching(/already held one party, through the confirmed matches A~B .*B~C/),
      },
    });
    // Confirming it says nothing new, and is taken.
    expect((await postAs(sys, '/party-matches/A~C/confirmation', nrb, CONFIRM)).status).toBe(200);
  });
});
