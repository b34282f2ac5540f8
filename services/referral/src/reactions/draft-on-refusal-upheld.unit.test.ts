import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';
import { dispatchWithDocuments, openCase, postAs, receiveAll } from '../test-http.ts';
import { filingSupervisionReferralId } from './draft-on-refusal-upheld.ts';

let sys: TestSystem;
let nrb: string;
let psb: string;
let proc: string;

beforeEach(async () => {
  sys = await startTestSystem(referralModule);
  nrb = await sys.token('nrb', ['officer', 'head']);
  psb = await sys.token('psb', ['officer', 'head']);
  proc = await sys.token('proc', ['officer']);
  for (const caseId of [CASE, `${CASE}-b`, `${CASE}-c`]) await openCase(sys, caseId);
});
afterEach(() => sys.stop());

const CASE = 'LC-141181-20260302-5e6f7a8b';
const DOCS = [{ kind: 'referral-letter', ref: 'FY-REF-2026-011' }];

// Every command here sends a body, an empty one where it has no data.
const post = (url: string, token: string, body: unknown = {}) => postAs(sys, url, token, body);

const get = async (url: string, token: string) => {
  const res = await sys.app.inject({
    method: 'GET',
    url: `/referral${url}`,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.statusCode, body: res.json() };
};

/** A police referral refused once, then `second` on reconsideration. */
async function refusedThenDecided(
  second: { accepted: boolean; reason: string; filingNo?: string },
  caseId = CASE,
) {
  const drafted = await post('/referrals', nrb, { caseId, to: 'psb', reason: 'PBF 6 mu', documents: DOCS });
  expect(drafted.status).toBe(201);
  const id = drafted.body.id as string;
  await post(`/referrals/${id}/approval`, nrb, { approved: true, note: '' });
  await dispatchWithDocuments(sys, id, nrb);
  await receiveAll(sys, id, psb);
  await post(`/referrals/${id}/decision`, psb, { accepted: false, reason: 'no crime' });
  await post(`/referrals/${id}/reconsideration`, nrb, { reason: 'measured at 6.2 mu' });
  const decided = await post(`/referrals/${id}/decision`, psb, second);
  expect(decided.status).toBe(200);
  return { id, state: decided.body.state as string };
}

describe('filing supervision after the police uphold a refusal (Order 310 art. 9)', () => {
  it('drafts one request to the procuratorate in the bureau’s name, with the refusals in the reason', async () => {
    const { id, state } = await refusedThenDecided({ accepted: false, reason: 'still no crime' });
    expect(state).toBe('refusalUpheld');
    const supervisionId = filingSupervisionReferralId(id);

    const drafted = await eventually(async () => {
      const res = await get(`/referrals/${supervisionId}`, nrb);
      return res.status === 200 && res.body;
    });
    expect(drafted).toMatchObject({
      caseId: CASE,
      from: 'nrb',
      to: 'proc',
      state: 'drafted',
      ruleId: 'referral.proc.filing-supervision',
      // The police referral's documents by reference, those attached by their hash; the placeholders
      // for what the bureau must still write are not listed as documents.
      documents: expect.arrayContaining([
        ...DOCS,
        expect.objectContaining({
          kind: 'evidence-list',
          ref: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        }),
      ]),
      // Nothing is attached to the request itself yet: it cannot leave as it is.
      requiredDocuments: {
        ruleId: 'referral.documents.proc',
        missing: ['referral-letter', 'investigation-report', 'evidence-list'],
      },
    });
    expect(drafted.documents.map((d: { ref: string }) => d.ref).join()).not.toContain('pending:');
    expect(drafted.reason).toContain('no crime; still no crime');
    // The procuratorate, its addressee, sees nothing of it until the bureau sends it.
    const seenByProc = await get(`/referrals?caseId=${CASE}`, proc);
    expect(seenByProc.body.items.map((r: { id: string }) => r.id)).not.toContain(supervisionId);
    expect((await get(`/referrals/${supervisionId}`, proc)).status).toBe(404);
    // The police, whose refusal it is about, are not party to it.
    expect((await get(`/referrals/${supervisionId}`, psb)).status).toBe(404);
    expect((await sys.store.readStream(`referral.referral-${supervisionId}`)).map((e) => e.type)).toEqual([
      'ReferralDrafted',
    ]);
  });

  it('drafts nothing when the police accept on reconsideration, or refuse only once', async () => {
    const { id, state } = await refusedThenDecided({
      accepted: true,
      reason: 'filed',
      filingNo: 'FY-GA-2026-3',
    });
    expect(state).toBe('accepted');
    // A first refusal alone leaves the bureau its reconsideration: nothing for the procuratorate yet.
    const other = await post('/referrals', nrb, {
      caseId: `${CASE}-b`,
      to: 'psb',
      reason: 'x',
      documents: DOCS,
    });
    const otherId = other.body.id as string;
    await post(`/referrals/${otherId}/approval`, nrb, { approved: true, note: '' });
    await dispatchWithDocuments(sys, otherId, nrb);
    await receiveAll(sys, otherId, psb);
    await post(`/referrals/${otherId}/decision`, psb, { accepted: false, reason: 'no crime' });

    // A referral whose refusal is upheld afterwards: once its request is drafted, the reaction has
    // handled every referral event before it on the topic.
    const control = await refusedThenDecided({ accepted: false, reason: 'still no crime' }, `${CASE}-c`);
    await eventually(
      async () => (await get(`/referrals/${filingSupervisionReferralId(control.id)}`, nrb)).status === 200,
    );
    for (const refId of [id, otherId]) {
      expect(await sys.store.readStream(`referral.referral-${filingSupervisionReferralId(refId)}`)).toEqual(
        [],
      );
    }
  });
});
