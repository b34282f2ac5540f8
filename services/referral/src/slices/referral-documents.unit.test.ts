import { createHash } from 'node:crypto';
import type { RecordedEvent } from '@landcase/eventstore';
import { RuleViolation } from '@landcase/service-kit';
import { startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';
import { type ReferralFields, referralFields } from '../referral.ts';
import {
  attachDocument,
  attachRequired,
  openCase,
  postAs,
  REQUIRED_KINDS,
  receiveAll,
  tokenFor,
} from '../test-http.ts';
import { decideReceipt } from './acknowledge-receipt.ts';
import { decideAttachment } from './attach-document.ts';
import { decideDispatch } from './dispatch-referral.ts';

// The documents a referral carries (State Council Order 310 art. 6): attached by the sender, kept
// by SHA-256, required per receiving agency before dispatch, signed for by hash on receipt, read
// by whoever may read the referral and by no one else.

const CASE = 'LC-141181-20260302-d0c5d0c5';
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const NOW = new Date('2026-03-10T02:00:00.000Z');

// ---- given / when / then on the deciders, no HTTP --------------------------------------------

/** The referral's fields after `events` (each `{ type, data }`, recorded in order). */
function given(...events: { type: string; data: Record<string, unknown> }[]): ReferralFields {
  const recorded = events.map(
    (e, i) =>
      ({
        ...e,
        id: `e${i}`,
        metadata: { actor: 'nrb:li' },
        revision: i,
        recordedAt: NOW.toISOString(),
      }) as unknown as RecordedEvent,
  );
  return referralFields(recorded)!;
}
const drafted = (to = 'psb') => ({
  type: 'ReferralDrafted',
  data: {
    caseId: CASE,
    referralId: 'R1',
    from: 'nrb',
    to,
    divisionCode: '141181',
    reason: 'PBF 6.2 mu',
    // As the rules draft it: placeholders for what the bureau must still write.
    documents: [
      { kind: 'referral-letter', ref: 'pending:R1/referral-letter' },
      { kind: 'appraisal', ref: 'JD-2026-3' },
    ],
  },
});
const attached = (kind: string, text = kind) => ({
  type: 'ReferralDocumentAttached',
  data: {
    caseId: CASE,
    referralId: 'R1',
    name: `${kind}.pdf`,
    kind,
    mediaType: 'application/pdf',
    size: text.length,
    sha256: sha(text),
    attachedAt: NOW.toISOString(),
  },
});

describe('the documents, decided', () => {
  it('lists the attached documents in place of the draft’s placeholders, and what is still missing', () => {
    const fields = given(drafted(), attached('referral-letter'));
    expect(fields.documents).toEqual([
      { kind: 'appraisal', ref: 'JD-2026-3' },
      expect.objectContaining({
        kind: 'referral-letter',
        ref: `sha256:${sha('referral-letter')}`,
        sha256: sha('referral-letter'),
        attachedBy: 'nrb:li',
      }),
    ]);
    expect(fields.requiredDocuments).toEqual({
      ruleId: 'referral.documents.psb',
      source: 'State Council Order 310 (rev. 2020) art. 6',
      kinds: [...REQUIRED_KINDS],
      missing: ['investigation-report', 'evidence-list'],
    });
  });

  it('refuses a dispatch missing a required kind, naming the kinds and the rule', () => {
    const fields = given(drafted(), attached('referral-letter'), attached('photos'));
    let thrown: unknown;
    try {
      decideDispatch(fields, NOW);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RuleViolation);
    expect((thrown as RuleViolation).problem).toMatchObject({
      status: 422,
      rule: { id: 'referral.documents.psb', source: 'State Council Order 310 (rev. 2020) art. 6' },
      missingKinds: ['investigation-report', 'evidence-list'],
    });
    // A kind named in the draft by reference only (no bytes) does not count.
    expect(() => decideDispatch(given(drafted()), NOW)).toThrow(/missing: referral-letter/);
  });

  it('dispatches once every required kind is attached, whatever else is', () => {
    const fields = given(drafted('disc'), ...REQUIRED_KINDS.map((k) => attached(k)), attached('survey'));
    expect(decideDispatch(fields, NOW)).toEqual([
      {
        type: 'ReferralDispatched',
        data: { caseId: CASE, referralId: 'R1', dispatchedAt: NOW.toISOString() },
      },
    ]);
  });

  it('records a receipt of attached documents with its receiver, and refuses one naming any other hash', () => {
    const fields = given(drafted(), attached('referral-letter'), attached('evidence-list'));
    const receiver = { agency: 'psb' as const, sub: 'wang' };
    expect(decideReceipt(fields, { documents: [sha('evidence-list')] }, NOW, receiver)).toEqual([
      {
        type: 'ReferralReceived',
        data: {
          caseId: CASE,
          referralId: 'R1',
          receivedAt: NOW.toISOString(),
          documents: [sha('evidence-list')],
          receivedBy: 'psb:wang',
        },
      },
    ]);
    let thrown: unknown;
    try {
      decideReceipt(fields, { documents: [sha('referral-letter'), sha('not sent')] }, NOW, receiver);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as RuleViolation).problem).toMatchObject({
      status: 422,
      rule: { id: 'referral.receipt.attached' },
      errors: [{ path: '/documents/1', reason: expect.stringContaining(sha('not sent')) }],
    });
  });

  it('attaches what it is given, dated now', () => {
    const fields = given(drafted());
    const doc = {
      name: '移送书.pdf',
      kind: 'referral-letter' as const,
      mediaType: 'application/pdf',
      size: 3,
      sha256: sha('abc'),
    };
    expect(decideAttachment(fields, doc, NOW)).toEqual([
      {
        type: 'ReferralDocumentAttached',
        data: { caseId: CASE, referralId: 'R1', ...doc, attachedAt: NOW.toISOString() },
      },
    ]);
  });
});

// ---- over HTTP --------------------------------------------------------------------------------

let sys: TestSystem;
let nrb: string;
let psb: string;

beforeEach(async () => {
  sys = await startTestSystem(referralModule);
  nrb = await tokenFor(sys, 'nrb');
  psb = await tokenFor(sys, 'psb');
  await openCase(sys, CASE);
});
afterEach(() => sys.stop());

const post = (url: string, token: string, body?: unknown) => postAs(sys, url, token, body);
const getBytes = (url: string, token: string) =>
  sys.app.inject({ method: 'GET', url: `/referral${url}`, headers: { authorization: `Bearer ${token}` } });
const streamOf = (id: string) => sys.store.readStream(`referral.referral-${id}`);

async function approvedReferral(to = 'psb'): Promise<string> {
  const res = await post('/referrals', nrb, { caseId: CASE, to, reason: 'PBF 6.2 mu', documents: [] });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  expect((await post(`/referrals/${id}/approval`, nrb, { approved: true, note: '' })).status).toBe(200);
  return id;
}

describe('POST /referrals/{id}/documents and GET /referrals/{id}/documents/{sha256}', () => {
  it('keeps the bytes by their hash, lists the document and gives the bytes back as attached', async () => {
    const id = await approvedReferral();
    const text = '涉嫌犯罪案件移送书\n第 7 号';
    const res = await post(`/referrals/${id}/documents`, nrb, {
      name: '移送书 第7号.txt',
      kind: 'referral-letter',
      mediaType: 'Text/Plain; charset=utf-8',
      content: Buffer.from(text, 'utf8').toString('base64'),
    });
    const hash = sha(text);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/referral/referrals/${id}/documents/${hash}`);
    expect(res.body.documents).toEqual([
      expect.objectContaining({
        name: '移送书 第7号.txt',
        kind: 'referral-letter',
        mediaType: 'text/plain; charset=utf-8',
        size: Buffer.byteLength(text),
        sha256: hash,
        attachedBy: 'nrb:nrb-user',
      }),
    ]);
    expect(res.body.requiredDocuments.missing).toEqual(['investigation-report', 'evidence-list']);
    expect(await sys.ctx.documents.has(hash)).toBe(true);

    const bytes = await getBytes(`/referrals/${id}/documents/${hash}`, nrb);
    expect(bytes.statusCode).toBe(200);
    expect(bytes.rawPayload.toString('utf8')).toBe(text);
    expect(bytes.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(bytes.headers.etag).toBe(`"${hash}"`);
    expect(bytes.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('移送书 第7号.txt')}`,
    );
  });

  it('takes a document larger than the API’s usual body limit on this route', async () => {
    const id = await approvedReferral();
    const big = Buffer.alloc(1_500_000, 0x5a);
    const res = await post(`/referrals/${id}/documents`, nrb, {
      name: 'photos.zip',
      kind: 'photos',
      mediaType: 'application/zip',
      content: big.toString('base64'),
    });
    expect(res.status).toBe(201);
    expect(res.body.documents[0]).toMatchObject({ size: big.length });
  });

  it('refuses a dispatch missing required kinds: 422 naming them and the rule, nothing appended', async () => {
    const id = await approvedReferral();
    await attachDocument(sys, id, nrb, 'referral-letter');
    await attachDocument(sys, id, nrb, 'photos');
    const before = (await streamOf(id)).length;
    const res = await post(`/referrals/${id}/dispatch`, nrb);
    expect(res).toMatchObject({
      status: 422,
      body: {
        type: 'https://landcase.org/problems/rule-violation',
        rule: { id: 'referral.documents.psb', source: 'State Council Order 310 (rev. 2020) art. 6' },
        missingKinds: ['investigation-report', 'evidence-list'],
      },
    });
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await streamOf(id)).toHaveLength(before);
    await attachDocument(sys, id, nrb, 'investigation-report');
    await attachDocument(sys, id, nrb, 'evidence-list');
    expect((await post(`/referrals/${id}/dispatch`, nrb)).body.state).toBe('dispatched');
  });

  it('lets only the sender attach, and only before dispatch: nothing is stored for a refused attachment', async () => {
    const id = await approvedReferral();
    // Before dispatch the police do not see the referral at all.
    expect((await attachDocument(sys, id, psb, 'photos', 'police photos')).status).toBe(404);
    await attachRequired(sys, id, nrb);
    await post(`/referrals/${id}/dispatch`, nrb);
    // Once sent, the police see it but may not add to the sender's referral.
    const receiver = await attachDocument(sys, id, psb, 'photos', 'police photos');
    expect(receiver).toMatchObject({ status: 403, body: { rule: { id: 'referral.referral.documents' } } });
    // A neighbouring county's bureau does not see it.
    const neighbour = await tokenFor(sys, 'nrb@141182');
    expect((await attachDocument(sys, id, neighbour, 'photos', 'neighbour photos')).status).toBe(404);
    // The sender itself may not add once it is sent: the receipt names what was sent.
    const late = await attachDocument(sys, id, nrb, 'photos', 'late photos');
    expect(late).toMatchObject({ status: 409, body: { currentState: 'dispatched' } });
    for (const text of ['police photos', 'neighbour photos', 'late photos'])
      expect(await sys.ctx.documents.has(sha(text))).toBe(false);
    expect(
      (await streamOf(id)).map((e) => e.type).filter((t) => t === 'ReferralDocumentAttached'),
    ).toHaveLength(3);
  });

  it('gives the bytes to the parties who may read the referral, and to no one else', async () => {
    const id = await approvedReferral();
    const [letter] = await attachRequired(sys, id, nrb);
    const url = `/referrals/${id}/documents/${letter}`;
    // A draft stays with the bureau: the police get nothing before dispatch.
    expect((await getBytes(url, psb)).statusCode).toBe(404);
    await post(`/referrals/${id}/dispatch`, nrb);
    expect((await getBytes(url, psb)).statusCode).toBe(200);
    expect((await getBytes(url, await tokenFor(sys, 'audit'))).statusCode).toBe(200);
    expect((await getBytes(url, await tokenFor(sys, 'nrb@141100'))).statusCode).toBe(200);
    for (const who of ['nrb@141182', 'psb@141182', 'disc', 'proc', 'nrb@150102']) {
      const res = await getBytes(url, await tokenFor(sys, who));
      expect(res.statusCode, who).toBe(404);
      expect(res.rawPayload.toString()).not.toContain(`referral-letter of ${id}`);
    }
  });

  it('answers 404 for a hash the referral has not, even when another referral has it', async () => {
    const one = await approvedReferral();
    const other = await approvedReferral('disc');
    const [letter] = await attachRequired(sys, other, nrb);
    expect((await getBytes(`/referrals/${other}/documents/${letter}`, nrb)).statusCode).toBe(200);
    const res = await getBytes(`/referrals/${one}/documents/${letter}`, nrb);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await getBytes(`/referrals/${one}/documents/not-a-hash`, nrb)).statusCode).toBe(400);
  });

  it('signs for the documents by hash; a hash never attached is 422 and nothing is appended', async () => {
    const id = await approvedReferral();
    const hashes = await attachRequired(sys, id, nrb);
    await post(`/referrals/${id}/dispatch`, nrb);
    const before = (await streamOf(id)).length;
    const wrong = await post(`/referrals/${id}/receipt`, psb, { documents: [hashes[0], sha('forged')] });
    expect(wrong).toMatchObject({
      status: 422,
      body: { rule: { id: 'referral.receipt.attached' }, errors: [{ path: '/documents/1' }] },
    });
    expect(await streamOf(id)).toHaveLength(before);
    const signed = await receiveAll(sys, id, psb);
    expect(signed.body.receipt).toMatchObject({
      receivedBy: 'psb:psb-user',
      documents: hashes.map((sha256, i) => ({ sha256, kind: REQUIRED_KINDS[i] })),
    });
  });
});

describe('supplementary material (stop-the-clock)', () => {
  it('lets the receiver ask, the sender attach and supply, and the decision wait meanwhile', async () => {
    const id = await approvedReferral();
    await attachRequired(sys, id, nrb);
    await post(`/referrals/${id}/dispatch`, nrb);
    await receiveAll(sys, id, psb);
    // The sender does not ask for its own material; the receiver does.
    const bySender = await post(`/referrals/${id}/supplement-request`, nrb, { what: 'x' });
    expect(bySender).toMatchObject({
      status: 403,
      body: { rule: { id: 'referral.referral.supplement-request' } },
    });
    sys.clock.set('2026-03-11T02:00:00.000Z');
    const asked = await post(`/referrals/${id}/supplement-request`, psb, { what: '补充勘测定界图' });
    expect(asked).toMatchObject({
      status: 200,
      body: {
        state: 'awaitingSupplement',
        supplements: [
          {
            what: '补充勘测定界图',
            requestedAt: '2026-03-11T02:00:00.000Z',
            requestedBy: 'psb:psb-user',
            provided: null,
          },
        ],
      },
    });
    // No decision while the material is awaited.
    expect(
      (await post(`/referrals/${id}/decision`, psb, { accepted: true, reason: 'r', filingNo: 'F' })).status,
    ).toBe(409);
    // The receiver supplies nothing of the sender's; a hash never attached is refused.
    expect((await post(`/referrals/${id}/supplement`, psb, { documents: [sha('x')] })).status).toBe(403);
    const before = (await streamOf(id)).length;
    const unattached = await post(`/referrals/${id}/supplement`, nrb, { documents: [sha('survey map')] });
    expect(unattached).toMatchObject({
      status: 422,
      body: { rule: { id: 'referral.supplement.attached' }, errors: [{ path: '/documents/0' }] },
    });
    expect(await streamOf(id)).toHaveLength(before);
    // The sender attaches the survey now, and supplies it.
    expect((await attachDocument(sys, id, nrb, 'survey', 'survey map')).status).toBe(201);
    sys.clock.set('2026-03-12T02:00:00.000Z');
    const supplied = await post(`/referrals/${id}/supplement`, nrb, {
      documents: [sha('survey map')],
      note: '已补充',
    });
    expect(supplied).toMatchObject({
      status: 200,
      body: {
        state: 'received',
        supplements: [
          {
            what: '补充勘测定界图',
            provided: {
              documents: [sha('survey map')],
              note: '已补充',
              providedAt: '2026-03-12T02:00:00.000Z',
              providedBy: 'nrb:nrb-user',
            },
          },
        ],
      },
    });
    // The police read the survey supplied; the neighbouring county's do not.
    expect((await getBytes(`/referrals/${id}/documents/${sha('survey map')}`, psb)).statusCode).toBe(200);
    expect(
      (await getBytes(`/referrals/${id}/documents/${sha('survey map')}`, await tokenFor(sys, 'psb@141182')))
        .statusCode,
    ).toBe(404);
    expect(
      (await post(`/referrals/${id}/decision`, psb, { accepted: true, reason: 'r', filingNo: 'F' })).status,
    ).toBe(200);
  });

  it('refuses a supply nobody asked for (409) and a request before receipt (409)', async () => {
    const id = await approvedReferral();
    const hashes = await attachRequired(sys, id, nrb);
    await post(`/referrals/${id}/dispatch`, nrb);
    expect((await post(`/referrals/${id}/supplement-request`, psb, { what: 'x' })).status).toBe(409);
    await receiveAll(sys, id, psb);
    expect((await post(`/referrals/${id}/supplement`, nrb, { documents: [hashes[0]] })).status).toBe(409);
  });
});
