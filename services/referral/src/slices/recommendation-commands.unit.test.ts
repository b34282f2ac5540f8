import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';
import { openCase, postAs } from '../test-http.ts';

let sys: TestSystem;
let proc: string;
let nrb: string;
let gov: string;
let psb: string;

beforeEach(async () => {
  sys = await startTestSystem(referralModule);
  proc = await sys.token('proc', ['officer']);
  nrb = await sys.token('nrb', ['officer', 'head']);
  gov = await sys.token('gov', ['officer']);
  psb = await sys.token('psb', ['officer']);
  await openCase(sys, CASE);
});
afterEach(() => sys.stop());

const CASE = 'LC-141181-20260302-0a1b2c3d';
const DOCS = [{ kind: 'procuratorial-recommendation', ref: '汾检行公建〔2026〕5号' }];
const BODY = {
  caseId: CASE,
  to: 'nrb',
  divisionCode: '141181',
  content: '依法拆除违法建筑、恢复耕地种植条件',
  harmGrowing: false,
  documents: DOCS,
};

const post = (url: string, token: string, body?: unknown, headers?: Record<string, string>) =>
  postAs(sys, url, token, body, headers);

async function get(url: string, token: string) {
  const res = await sys.app.inject({
    method: 'GET',
    url: `/referral${url}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, body: res.json() };
}

async function issue(body: Record<string, unknown> = {}) {
  const res = await post('/recommendations', proc, { ...BODY, ...body });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const streamOf = (id: string) => sys.store.readStream(`referral.recommendation-${id}`);

describe('recommendation commands', () => {
  it('is issued by the procuratorate and replied to by the addressed agency', async () => {
    const issued = await post('/recommendations', proc, { ...BODY, issuedAt: '2026-03-09T10:00:00+08:00' });
    expect(issued).toMatchObject({
      status: 201,
      body: {
        caseId: CASE,
        state: 'awaitingReply',
        revision: 0,
        from: 'proc',
        to: 'nrb',
        harmGrowing: false,
        issuedAt: '2026-03-09T10:00:00+08:00',
        documents: DOCS,
        reply: null,
      },
    });
    const id = issued.body.id as string;
    expect(issued.headers.etag).toBe('"0"');

    sys.clock.set('2026-04-20T02:00:00.000Z');
    const replied = await post(
      `/recommendations/${id}/reply`,
      nrb,
      { measures: '已下达限期拆除决定', documents: [{ kind: 'reply', ref: '汾自然资函〔2026〕41号' }] },
      { 'if-match': '"0"' },
    );
    expect(replied).toMatchObject({
      status: 200,
      body: {
        state: 'replied',
        revision: 1,
        reply: { measures: '已下达限期拆除决定', repliedAt: '2026-04-20T02:00:00.000Z' },
      },
    });
    const events = await streamOf(id);
    expect(events.map((e) => e.type)).toEqual(['RecommendationIssued', 'RecommendationReplied']);
    expect(events.every((e) => e.data.caseId === CASE && e.data.recommendationId === id)).toBe(true);
  });

  it('dates the issue now when the body does not say, and goes to the 15-day state when harm is growing', async () => {
    const res = await post('/recommendations', proc, { ...BODY, harmGrowing: true });
    expect(res.body).toMatchObject({ state: 'awaitingUrgentReply', issuedAt: '2026-03-10T02:00:00.000Z' });
  });

  it('lets only the procuratorate issue: 403, nothing written', async () => {
    for (const token of [nrb, psb]) {
      const res = await post('/recommendations', token, BODY);
      expect(res).toMatchObject({
        status: 403,
        body: {
          type: 'https://landcase.org/problems/forbidden',
          rule: { id: 'referral.recommendation.issue' },
        },
      });
    }
    expect(await sys.store.readAll()).toHaveLength(0);
  });

  it('gives the same recommendation for a retried Idempotency-Key, a new one without', async () => {
    const key = { 'idempotency-key': 'proc-2026-5' };
    const first = await post('/recommendations', proc, BODY, key);
    const again = await post('/recommendations', proc, BODY, key);
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id, revision: 0 } });
    expect(await streamOf(first.body.id)).toHaveLength(1);
    const other = await post('/recommendations', proc, BODY);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('lets only the addressed agency reply: 403 to the issuer, 404 to an agency not party to it', async () => {
    const id = await issue();
    const reply = { measures: 'm', documents: [] };
    expect(await post(`/recommendations/${id}/reply`, proc, reply)).toMatchObject({
      status: 403,
      body: { rule: { id: 'referral.recommendation.reply' } },
    });
    for (const token of [gov, psb]) {
      expect((await post(`/recommendations/${id}/reply`, token, reply)).status).toBe(404);
    }
    expect(await streamOf(id)).toHaveLength(1);
    const toGov = await issue({ to: 'gov' });
    expect((await post(`/recommendations/${toGov}/reply`, nrb, reply)).status).toBe(404);
    expect((await post(`/recommendations/${toGov}/reply`, gov, reply)).body.state).toBe('replied');
  });

  it("is replied to by the addressee of the case's own division: 403 to the city above, 404 to a neighbour", async () => {
    const id = await issue();
    const reply = { measures: 'm', documents: [] };
    const city = await post(
      `/recommendations/${id}/reply`,
      await sys.token('nrb', ['officer'], '141100'),
      reply,
    );
    expect(city).toMatchObject({ status: 403, body: { rule: { id: 'referral.recommendation.reply' } } });
    for (const division of ['141182', '150000']) {
      const res = await post(
        `/recommendations/${id}/reply`,
        await sys.token('nrb', ['officer'], division),
        reply,
      );
      expect(res.status, division).toBe(404);
      expect(res.body.detail).toBe(`no recommendation ${id}`);
    }
    expect(await streamOf(id)).toHaveLength(1);
  });

  it("names an existing case in the procuratorate's divisions: 422 naming /caseId otherwise, nothing written", async () => {
    await openCase(sys, 'LC-141182-1', '141182');
    for (const caseId of ['LC-none', 'LC-141182-1']) {
      const res = await post('/recommendations', proc, { ...BODY, caseId });
      expect(res, caseId).toMatchObject({
        status: 422,
        body: {
          type: 'https://landcase.org/problems/rule-violation',
          rule: { id: 'referral.recommendation.issue' },
          errors: [{ path: '/caseId' }],
        },
      });
    }
    expect(await sys.store.readAll()).toHaveLength(0);
    // The procuratorate of the city above issues for its counties' cases.
    const city = await sys.token('proc', ['officer'], '141100');
    const res = await post('/recommendations', city, {
      ...BODY,
      caseId: 'LC-141182-1',
      divisionCode: '141182',
    });
    expect(res).toMatchObject({ status: 201, body: { divisionCode: '141182' } });
  });

  it("carries the case's division: another one is 400 naming /divisionCode, nothing written", async () => {
    const res = await post('/recommendations', proc, { ...BODY, divisionCode: '141182' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: '/divisionCode', reason: expect.stringContaining('141181') }]);
    expect(await sys.store.readAll()).toHaveLength(0);
  });

  it('refuses a second reply with 409, the state and what it accepts, and appends nothing', async () => {
    const id = await issue();
    await post(`/recommendations/${id}/reply`, nrb, { measures: 'm', documents: [] });
    const twice = await post(`/recommendations/${id}/reply`, nrb, { measures: 'again', documents: [] });
    expect(twice.status).toBe(409);
    expect(twice.headers['content-type']).toContain('application/problem+json');
    expect(twice.body).toMatchObject({
      type: 'https://landcase.org/problems/illegal-transition',
      currentState: 'replied',
      allowedEvents: [],
    });
    expect(await streamOf(id)).toHaveLength(2);
  });

  it('answers 404 for a reply to a recommendation that does not exist', async () => {
    expect((await post('/recommendations/nope/reply', nrb, { measures: 'm', documents: [] })).status).toBe(
      404,
    );
  });

  describe('refuses a bad body with a problem naming the field, writing nothing', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['no harmGrowing', { ...BODY, harmGrowing: undefined }, '/harmGrowing'],
      ['harmGrowing not a boolean', { ...BODY, harmGrowing: 'yes' }, '/harmGrowing'],
      ['addressed to the police', { ...BODY, to: 'psb' }, '/to'],
      ['empty content', { ...BODY, content: '' }, '/content'],
      ['no documents', { ...BODY, documents: [] }, '/documents'],
      ['bad division code', { ...BODY, divisionCode: '14118' }, '/divisionCode'],
      ['issuedAt not a time', { ...BODY, issuedAt: 'yesterday' }, '/issuedAt'],
      ['issuedAt in the future', { ...BODY, issuedAt: '2026-03-11T10:00:00+08:00' }, '/issuedAt'],
      ['a stray field', { ...BODY, urgent: true }, '/urgent'],
    ];
    for (const [name, body, field] of cases) {
      it(name, async () => {
        const res = await post('/recommendations', proc, body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.type).toBe('https://landcase.org/problems/validation');
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
        expect(await sys.store.readAll()).toHaveLength(0);
      });
    }

    it('reply without measures', async () => {
      const id = await issue();
      const res = await post(`/recommendations/${id}/reply`, nrb, { documents: [] });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('/measures');
      expect(await streamOf(id)).toHaveLength(1);
    });
  });
});

describe('recommendation queries', () => {
  it('shows a recommendation to its issuer, its addressee and audit only', async () => {
    const id = await issue();
    const audit = await sys.token('audit', ['auditor']);
    for (const token of [proc, nrb, audit]) {
      expect(await get(`/recommendations/${id}`, token)).toMatchObject({ status: 200, body: { id } });
    }
    for (const token of [gov, psb]) expect((await get(`/recommendations/${id}`, token)).status).toBe(404);
    // Within the divisions: the city above reads it, a neighbour does not.
    expect((await get(`/recommendations/${id}`, await sys.token('nrb', ['officer'], '141100'))).status).toBe(
      200,
    );
    for (const division of ['141182', '150000']) {
      expect(
        (await get(`/recommendations/${id}`, await sys.token('proc', ['officer'], division))).status,
      ).toBe(404);
    }
  });

  it('lists what the caller issued or received, filtered by case, addressee and state', async () => {
    const toNrb = await issue();
    const toGov = await issue({ to: 'gov', harmGrowing: true });
    await openCase(sys, 'LC-141181-20260303-1a2b3c4d');
    const otherCase = await issue({ caseId: 'LC-141181-20260303-1a2b3c4d' });
    await post(`/recommendations/${toNrb}/reply`, nrb, { measures: 'm', documents: [] });
    const audit = await sys.token('audit', ['auditor']);
    const ids = async (token: string, query = '') => {
      const res = await get(`/recommendations${query}`, token);
      expect(res.status).toBe(200);
      return (res.body.items as { id: string }[]).map((i) => i.id).sort();
    };
    const expectIds = async (token: string, query: string, expected: string[]) => {
      await eventually(`list ${query}`, async () => {
        const seen = await ids(token, query);
        return JSON.stringify(seen) === JSON.stringify([...expected].sort()) ? seen : undefined;
      });
    };
    await expectIds(proc, '', [toNrb, toGov, otherCase]);
    await expectIds(nrb, '', [toNrb, otherCase]);
    await expectIds(gov, '', [toGov]);
    await expectIds(psb, '', []);
    await expectIds(audit, '', [toNrb, toGov, otherCase]);
    await expectIds(proc, `?caseId=${CASE}`, [toNrb, toGov]);
    await expectIds(proc, '?to=gov', [toGov]);
    await expectIds(proc, '?state=replied', [toNrb]);
    await expectIds(audit, '?state=awaitingUrgentReply', [toGov]);
    // An addressee asking for another's recommendations gets none.
    await expectIds(nrb, '?to=gov', []);
  });
});
