import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';

let sys: TestSystem;
const tokens: Record<string, string> = {};

beforeEach(async () => {
  sys = await startTestSystem(referralModule);
  tokens.nrb = await sys.token('nrb', ['officer', 'head']);
  tokens.psb = await sys.token('psb');
  tokens.disc = await sys.token('disc');
  tokens.proc = await sys.token('proc');
  tokens.audit = await sys.token('audit', ['auditor']);
});
afterEach(() => sys.stop());

const get = async (url: string, who: string) => {
  const res = await sys.app.inject({
    method: 'GET',
    url: `/referral${url}`,
    headers: { authorization: `Bearer ${tokens[who]}` },
  });
  return { status: res.statusCode, body: res.json() };
};

async function draft(caseId: string, to: string): Promise<string> {
  const res = await sys.app.inject({
    method: 'POST',
    url: '/referral/referrals',
    headers: { authorization: `Bearer ${tokens.nrb}` },
    payload: { caseId, to, reason: 'by hand', documents: [] },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

const idsOf = (body: { items: { id: string }[] }) => body.items.map((r) => r.id).sort();

describe('referral visibility', () => {
  it('shows a referral only to its sender, its receiver and auditors', async () => {
    const id = await draft('LC-A', 'psb');
    expect((await get(`/referrals/${id}`, 'nrb')).status).toBe(200);
    expect((await get(`/referrals/${id}`, 'psb')).body).toMatchObject({ id, to: 'psb', state: 'drafted' });
    expect((await get(`/referrals/${id}`, 'audit')).status).toBe(200);
    const stranger = await get(`/referrals/${id}`, 'disc');
    expect(stranger).toMatchObject({
      status: 404,
      body: { type: 'https://landcase.org/problems/not-found' },
    });
    expect(stranger.body.detail).not.toContain('psb');
  });

  it('filters the lists by party, then by the query', async () => {
    const a = await draft('LC-A', 'psb');
    const b = await draft('LC-A', 'disc');
    const c = await draft('LC-B', 'psb');
    await eventually(async () => (await get('/referrals', 'audit')).body.total === 3);

    expect(idsOf((await get('/referrals', 'nrb')).body)).toEqual([a, b, c].sort());
    expect(idsOf((await get('/referrals', 'audit')).body)).toEqual([a, b, c].sort());
    expect(idsOf((await get('/referrals', 'psb')).body)).toEqual([a, c].sort());
    expect(idsOf((await get('/referrals', 'disc')).body)).toEqual([b]);
    expect((await get('/referrals', 'proc')).body).toMatchObject({ items: [], total: 0 });

    expect(idsOf((await get('/referrals?caseId=LC-A', 'nrb')).body)).toEqual([a, b].sort());
    expect(idsOf((await get('/referrals?caseId=LC-A', 'psb')).body)).toEqual([a]);
    expect(idsOf((await get('/referrals?to=psb', 'nrb')).body)).toEqual([a, c].sort());
    expect((await get('/referrals?to=psb', 'disc')).body.total).toBe(0);
    expect(idsOf((await get('/referrals?state=drafted&caseId=LC-B', 'audit')).body)).toEqual([c]);

    const page = (await get('/referrals?limit=2&offset=0', 'nrb')).body;
    expect(page).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ caseId: expect.any(String), state: 'drafted', revision: 0 });
  });

  it('keeps the list state in step with the referral', async () => {
    const id = await draft('LC-A', 'psb');
    await sys.app.inject({
      method: 'POST',
      url: `/referral/referrals/${id}/approval`,
      headers: { authorization: `Bearer ${tokens.nrb}` },
      payload: { approved: false, note: 'not enough evidence yet' },
    });
    const listed = await eventually(async () => {
      const [doc] = (await get('/referrals?caseId=LC-A', 'nrb')).body.items;
      return doc?.state === 'rejected' ? doc : undefined;
    });
    expect(listed).toMatchObject({ id, revision: 1, approval: { approved: false } });
  });

  it('reports a bad query with 400 naming the parameter', async () => {
    const res = await get('/referrals?to=army&limit=0', 'nrb');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/limit', '/to']);
  });
});
