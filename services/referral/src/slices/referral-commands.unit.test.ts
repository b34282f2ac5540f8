import { startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';
import {
  attachDocument,
  attachRequired,
  dispatchWithDocuments,
  openCase,
  postAs,
  REQUIRED_KINDS,
  receiveAll,
} from '../test-http.ts';

let sys: TestSystem;
let nrb: string;
let nrbOfficer: string;
let psb: string;
let disc: string;

beforeEach(async () => {
  sys = await startTestSystem(referralModule);
  nrb = await sys.token('nrb', ['officer', 'head']);
  nrbOfficer = await sys.token('nrb', ['officer']);
  psb = await sys.token('psb', ['officer', 'head']);
  disc = await sys.token('disc', ['officer']);
  await openCase(sys, CASE);
});
afterEach(() => sys.stop());

const CASE = 'LC-141181-20260302-0a1b2c3d';
const DOCS = [
  { kind: 'referral-letter', ref: 'FY-REF-2026-007' },
  { kind: 'investigation-report', ref: 'FY-INV-2026-031', sha256: 'c'.repeat(64) },
];

const post = (url: string, token: string, body?: unknown, headers?: Record<string, string>) =>
  postAs(sys, url, token, body, headers);

async function draft(to = 'psb') {
  const res = await post('/referrals', nrb, {
    caseId: CASE,
    to,
    reason: 'PBF 6.2 mu occupied',
    documents: DOCS,
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const streamOf = (id: string) => sys.store.readStream(`referral.referral-${id}`);

describe('referral commands', () => {
  it('goes drafted → approved → dispatched → received → accepted → concluded', async () => {
    sys.clock.set('2026-03-10T02:00:00.000Z');
    const id = await draft();
    const created = await sys.app.inject({
      method: 'GET',
      url: `/referral/referrals/${id}`,
      headers: { authorization: `Bearer ${nrb}` },
    });
    expect(created.headers.etag).toBe('"0"');
    expect(created.json()).toMatchObject({
      id,
      caseId: CASE,
      state: 'drafted',
      revision: 0,
      from: 'nrb',
      to: 'psb',
      divisionCode: '141181',
      documents: DOCS,
    });

    const approved = await post(`/referrals/${id}/approval`, nrb, {
      approved: true,
      note: 'criminal referral',
    });
    expect(approved).toMatchObject({
      status: 200,
      body: { state: 'approved', approval: { approved: true } },
    });
    const hashes = await attachRequired(sys, id, nrb);
    sys.clock.set('2026-03-10T08:00:00.000Z');
    const dispatched = await post(`/referrals/${id}/dispatch`, nrb, {}, { 'if-match': '"4"' });
    expect(dispatched).toMatchObject({
      status: 200,
      body: { state: 'dispatched', dispatchedAt: '2026-03-10T08:00:00.000Z' },
    });
    expect(dispatched.headers.etag).toBe('"5"');
    sys.clock.set('2026-03-10T09:30:00.000Z');
    const received = await post(`/referrals/${id}/receipt`, psb, { documents: hashes });
    expect(received.body).toMatchObject({
      state: 'received',
      receipt: {
        receivedAt: '2026-03-10T09:30:00.000Z',
        receivedBy: 'psb:psb-user',
        documents: REQUIRED_KINDS.map((kind, i) => ({ sha256: hashes[i], kind, name: `${kind}.txt` })),
      },
    });
    const accepted = await post(`/referrals/${id}/decision`, psb, {
      accepted: true,
      reason: 'meets art. 342',
      filingNo: 'FY-GA-2026-88',
    });
    expect(accepted.body).toMatchObject({
      state: 'accepted',
      decisions: [{ accepted: true, filingNo: 'FY-GA-2026-88' }],
    });
    const concluded = await post(`/referrals/${id}/feedback`, psb, {
      outcome: 'prosecuted',
      documents: [{ kind: 'judgment', ref: 'FY-XS-2026-12' }],
    });
    expect(concluded.body).toMatchObject({
      state: 'concluded',
      revision: 8,
      feedback: { outcome: 'prosecuted' },
    });

    const events = await streamOf(id);
    expect(events.map((e) => e.type)).toEqual([
      'ReferralDrafted',
      'ReferralApprovalDecided',
      'ReferralDocumentAttached',
      'ReferralDocumentAttached',
      'ReferralDocumentAttached',
      'ReferralDispatched',
      'ReferralReceived',
      'ReferralDecided',
      'FeedbackGiven',
    ]);
    expect(events[6]!.metadata).toMatchObject({ caseId: CASE, actor: 'psb:psb-user' });
    expect(events[6]!.data).toMatchObject({ documents: hashes, receivedBy: 'psb:psb-user' });
  });

  it('asks for reconsideration after a refusal, and the receiver may then accept', async () => {
    const id = await draft();
    await post(`/referrals/${id}/approval`, nrb, { approved: true, note: '' });
    await dispatchWithDocuments(sys, id, nrb);
    await receiveAll(sys, id, psb);
    const refused = await post(`/referrals/${id}/decision`, psb, { accepted: false, reason: 'no crime' });
    expect(refused.body.state).toBe('refused');

    const reconsider = await post(`/referrals/${id}/reconsideration`, nrb, {
      reason: 'area measured at 6.2 mu',
    });
    expect(reconsider.body).toMatchObject({
      state: 'reconsideration',
      reconsiderations: [{ reason: 'area measured at 6.2 mu' }],
    });
    const accepted = await post(`/referrals/${id}/decision`, psb, {
      accepted: true,
      reason: 'on reconsideration',
    });
    expect(accepted.body).toMatchObject({
      state: 'accepted',
      decisions: [{ accepted: false }, { accepted: true }],
    });
  });

  describe('return by the receiving agency (Order 310 art. 13)', () => {
    async function toReceived(to = 'psb', receiver = psb) {
      const id = await draft(to);
      await post(`/referrals/${id}/approval`, nrb, { approved: true, note: '' });
      await dispatchWithDocuments(sys, id, nrb);
      expect((await receiveAll(sys, id, receiver)).body.state).toBe('received');
      return id;
    }

    it('sends the case back on receipt, and after filing', async () => {
      sys.clock.set('2026-03-12T02:00:00.000Z');
      const id = await toReceived();
      const returned = await post(`/referrals/${id}/return`, psb, { reason: 'only a penalty is due' });
      expect(returned).toMatchObject({
        status: 200,
        body: {
          state: 'returned',
          returned: { reason: 'only a penalty is due', returnedAt: '2026-03-12T02:00:00.000Z' },
        },
      });
      const [last] = (await streamOf(id)).slice(-1);
      expect(last).toMatchObject({
        type: 'ReferralReturned',
        data: { caseId: CASE, referralId: id, reason: 'only a penalty is due' },
        metadata: { actor: 'psb:psb-user' },
      });

      const filed = await toReceived();
      await post(`/referrals/${filed}/decision`, psb, { accepted: true, reason: 'filed', filingNo: 'GA-1' });
      const after = await post(`/referrals/${filed}/return`, psb, { reason: 'no crime after all' });
      expect(after.body).toMatchObject({ state: 'returned', decisions: [{ accepted: true }] });
    });

    it('lets only the receiving agency send it back: 403 to the sender, 404 to an agency not party to it', async () => {
      const id = await toReceived();
      const sender = await post(`/referrals/${id}/return`, nrb, { reason: 'r' });
      expect(sender).toMatchObject({
        status: 403,
        body: { type: 'https://landcase.org/problems/forbidden', rule: { id: 'referral.referral.return' } },
      });
      const other = await post(`/referrals/${id}/return`, disc, { reason: 'r' });
      expect(other).toMatchObject({ status: 404, body: { type: 'https://landcase.org/problems/not-found' } });
      expect(await streamOf(id)).toHaveLength(7);
      const toDisc = await toReceived('disc', disc);
      expect((await post(`/referrals/${toDisc}/return`, psb, { reason: 'r' })).status).toBe(404);
      expect((await post(`/referrals/${toDisc}/return`, disc, { reason: 'r' })).body.state).toBe('returned');
    });

    it('refuses a return before receipt, after a refusal, after feedback and twice: 409, nothing appended', async () => {
      const id = await draft();
      await post(`/referrals/${id}/approval`, nrb, { approved: true, note: '' });
      await dispatchWithDocuments(sys, id, nrb);
      const early = await post(`/referrals/${id}/return`, psb, { reason: 'r' });
      expect(early).toMatchObject({
        status: 409,
        body: { type: 'https://landcase.org/problems/illegal-transition', currentState: 'dispatched' },
      });
      expect(await streamOf(id)).toHaveLength(6);

      const refused = await toReceived();
      await post(`/referrals/${refused}/decision`, psb, { accepted: false, reason: 'no crime' });
      expect(await post(`/referrals/${refused}/return`, psb, { reason: 'r' })).toMatchObject({
        status: 409,
        body: { currentState: 'refused' },
      });
      expect(await streamOf(refused)).toHaveLength(8);

      const concluded = await toReceived();
      await post(`/referrals/${concluded}/decision`, psb, { accepted: true, reason: 'filed' });
      await post(`/referrals/${concluded}/feedback`, psb, { outcome: 'prosecuted', documents: [] });
      expect((await post(`/referrals/${concluded}/return`, psb, { reason: 'r' })).status).toBe(409);

      const twice = await toReceived();
      await post(`/referrals/${twice}/return`, psb, { reason: 'r' });
      expect(await post(`/referrals/${twice}/return`, psb, { reason: 'r' })).toMatchObject({
        status: 409,
        body: { currentState: 'returned' },
      });
      expect(await streamOf(twice)).toHaveLength(8);
    });
  });

  it('refuses an illegal transition with 409, the state and what it accepts, and appends nothing', async () => {
    const id = await draft();
    const early = await post(`/referrals/${id}/dispatch`, nrb);
    expect(early.status).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
    expect(early.body).toMatchObject({
      type: 'https://landcase.org/problems/illegal-transition',
      currentState: 'drafted',
      allowedEvents: expect.arrayContaining(['ReferralApprovalDecided']),
    });
    const noRefusalYet = await post(`/referrals/${id}/reconsideration`, nrb, { reason: 'why' });
    expect(noRefusalYet).toMatchObject({ status: 409, body: { currentState: 'drafted' } });
    expect(await streamOf(id)).toHaveLength(1);
  });

  it('lets only the right agency act: 403 naming the rule to a party that may not, 404 to one not party to it', async () => {
    const refused = async (res: Promise<{ status: number; body: { rule?: unknown } }>, rule: string) =>
      expect(await res).toMatchObject({ status: 403, body: { rule: { id: rule } } });
    await refused(
      post('/referrals', psb, { caseId: CASE, to: 'psb', reason: 'r', documents: [] }),
      'referral.referral.draft',
    );
    const id = await draft();
    const notHead = await post(`/referrals/${id}/approval`, nrbOfficer, { approved: true, note: '' });
    expect(notHead).toMatchObject({ status: 403, body: { type: 'https://landcase.org/problems/forbidden' } });
    expect(notHead.body.detail).toContain('head');
    // A draft stays with the bureau: the police it is addressed to see nothing of it until it is sent.
    expect((await post(`/referrals/${id}/approval`, psb, { approved: true, note: '' })).status).toBe(404);
    await post(`/referrals/${id}/approval`, nrb, { approved: true, note: '' });
    expect((await post(`/referrals/${id}/dispatch`, psb)).status).toBe(404);
    expect((await receiveAll(sys, id, psb)).status).toBe(404);
    await dispatchWithDocuments(sys, id, nrb);
    await refused(post(`/referrals/${id}/dispatch`, psb), 'referral.referral.dispatch');
    // The receiver attaches nothing to the sender's referral.
    await refused(attachDocument(sys, id, psb, 'photos'), 'referral.referral.documents');
    expect((await receiveAll(sys, id, disc)).status).toBe(404);
    await refused(post(`/referrals/${id}/receipt`, nrb), 'referral.referral.receipt');
    // The auditor sees the referral but takes no part in it.
    await refused(
      post(`/referrals/${id}/receipt`, await sys.token('audit', ['officer', 'head'])),
      'referral.referral.receipt',
    );
    await receiveAll(sys, id, psb);
    expect((await post(`/referrals/${id}/decision`, disc, { accepted: false, reason: 'x' })).status).toBe(
      404,
    );
    await post(`/referrals/${id}/decision`, psb, { accepted: false, reason: 'no crime' });
    await refused(
      post(`/referrals/${id}/reconsideration`, psb, { reason: 'x' }),
      'referral.referral.reconsideration',
    );
    expect((await streamOf(id)).map((e) => e.type)).toEqual([
      'ReferralDrafted',
      'ReferralApprovalDecided',
      'ReferralDocumentAttached',
      'ReferralDocumentAttached',
      'ReferralDocumentAttached',
      'ReferralDispatched',
      'ReferralReceived',
      'ReferralDecided',
    ]);
  });

  it('answers 404 for a referral that does not exist', async () => {
    const res = await post('/referrals/nope/approval', nrb, { approved: true, note: '' });
    expect(res).toMatchObject({ status: 404, body: { type: 'https://landcase.org/problems/not-found' } });
  });

  it('refuses a stale If-Match with 412 and appends nothing', async () => {
    const id = await draft();
    const res = await post(
      `/referrals/${id}/approval`,
      nrb,
      { approved: true, note: '' },
      { 'if-match': '"3"' },
    );
    expect(res).toMatchObject({ status: 412, body: { currentRevision: 0 } });
    expect(await streamOf(id)).toHaveLength(1);
  });

  it('finds the same referral again for a repeated Idempotency-Key', async () => {
    const body = { caseId: CASE, to: 'disc', reason: 'officials involved', documents: [] };
    const first = await post('/referrals', nrb, body, { 'idempotency-key': 'k-1' });
    const again = await post('/referrals', nrb, body, { 'idempotency-key': 'k-1' });
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id } });
    expect(await streamOf(first.body.id)).toHaveLength(1);
  });

  describe('bad input: 400 problem naming the field, nothing appended', () => {
    // Sent by the party whose command it is (the access check comes before the body's): the
    // sender drafts, approves, dispatches and asks again; the receiver signs, decides, returns, reports.
    const receiverCommands = ['receipt', 'decision', 'return', 'feedback'];
    const cases: [string, (id: string) => string, unknown, string][] = [
      [
        'draft: unknown target',
        () => '/referrals',
        { caseId: CASE, to: 'army', reason: 'r', documents: [] },
        '/to',
      ],
      ['draft: missing reason', () => '/referrals', { caseId: CASE, to: 'psb', documents: [] }, '/reason'],
      [
        'draft: bad document hash',
        () => '/referrals',
        { caseId: CASE, to: 'psb', reason: 'r', documents: [{ kind: 'k', ref: 'r', sha256: 'xyz' }] },
        '/documents/0/sha256',
      ],
      [
        'approval: not a boolean',
        (id) => `/referrals/${id}/approval`,
        { approved: 'yes', note: '' },
        '/approved',
      ],
      ['dispatch: a stray field', (id) => `/referrals/${id}/dispatch`, { urgent: true }, '/urgent'],
      ['receipt: a stray field', (id) => `/referrals/${id}/receipt`, { documents: [], by: 'x' }, '/by'],
      ['receipt: no documents named', (id) => `/referrals/${id}/receipt`, {}, '/documents'],
      [
        'receipt: a malformed hash',
        (id) => `/referrals/${id}/receipt`,
        { documents: ['ABC'] },
        '/documents/0',
      ],
      [
        'documents: an unknown kind',
        (id) => `/referrals/${id}/documents`,
        { name: 'a.pdf', kind: 'diary', mediaType: 'application/pdf', content: 'AAAA' },
        '/kind',
      ],
      [
        'documents: content not base64',
        (id) => `/referrals/${id}/documents`,
        { name: 'a.pdf', kind: 'survey', mediaType: 'application/pdf', content: 'not base64!' },
        '/content',
      ],
      [
        'documents: content not padded',
        (id) => `/referrals/${id}/documents`,
        { name: 'a.pdf', kind: 'survey', mediaType: 'application/pdf', content: 'QUJD RA'.replace(' ', '') },
        '/content',
      ],
      [
        'documents: a name with a slash',
        (id) => `/referrals/${id}/documents`,
        { name: '../etc/passwd', kind: 'survey', mediaType: 'application/pdf', content: 'AAAA' },
        '/name',
      ],
      [
        'documents: no media type',
        (id) => `/referrals/${id}/documents`,
        { name: 'a.pdf', kind: 'survey', mediaType: 'pdf', content: 'AAAA' },
        '/mediaType',
      ],
      [
        'decision: empty reason',
        (id) => `/referrals/${id}/decision`,
        { accepted: true, reason: '' },
        '/reason',
      ],
      ['reconsideration: no reason', (id) => `/referrals/${id}/reconsideration`, {}, '/reason'],
      ['return: no reason', (id) => `/referrals/${id}/return`, {}, '/reason'],
      ['return: empty reason', (id) => `/referrals/${id}/return`, { reason: '' }, '/reason'],
      [
        'feedback: documents not a list',
        (id) => `/referrals/${id}/feedback`,
        { outcome: 'o', documents: 'none' },
        '/documents',
      ],
    ];
    for (const [name, url, body, field] of cases) {
      it(name, async () => {
        const id = await draft();
        const byReceiver = receiverCommands.some((command) => url(id).endsWith(`/${command}`));
        // The receiver sees the referral once it was sent.
        if (byReceiver) {
          await post(`/referrals/${id}/approval`, nrb, { approved: true, note: '' });
          await dispatchWithDocuments(sys, id, nrb);
        }
        const before = await sys.store.readAll();
        const res = await post(url(id), byReceiver ? psb : nrb, body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.type).toBe('https://landcase.org/problems/validation');
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
        expect(await sys.store.readAll()).toHaveLength(before.length);
      });
    }
  });

  describe('the case and the divisions', () => {
    const body = { caseId: CASE, to: 'psb', reason: 'PBF 6.2 mu occupied', documents: DOCS };

    it('refuses a referral for a case the service never heard of: 422 naming /caseId, nothing appended', async () => {
      const res = await post('/referrals', nrb, { ...body, caseId: 'LC-141181-20260302-ffffffff' });
      expect(res).toMatchObject({
        status: 422,
        body: {
          type: 'https://landcase.org/problems/rule-violation',
          rule: { id: 'referral.referral.draft' },
          errors: [{ path: '/caseId' }],
        },
      });
      expect(await sys.store.readAll()).toEqual([]);
    });

    it('answers a case of another county or province as one that does not exist (422)', async () => {
      await openCase(sys, 'LC-141182-1', '141182');
      await openCase(sys, 'LC-150102-1', '150102');
      for (const caseId of ['LC-141182-1', 'LC-150102-1']) {
        const res = await post('/referrals', nrb, { ...body, caseId });
        expect(res.status, caseId).toBe(422);
        expect(res.body.errors).toEqual([{ path: '/caseId', reason: expect.any(String) }]);
      }
      // The neighbouring county's bureau drafts for its own case.
      const neighbour = await sys.token('nrb', ['officer'], '141182');
      const theirs = await post('/referrals', neighbour, { ...body, caseId: 'LC-141182-1' });
      expect(theirs).toMatchObject({ status: 201, body: { divisionCode: '141182' } });
    });

    it("goes out in the case's division: another division given is 400 naming /divisionCode", async () => {
      const wrong = await post('/referrals', nrb, { ...body, divisionCode: '141182' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors).toEqual([
        { path: '/divisionCode', reason: expect.stringContaining('141181') },
      ]);
      expect(await sys.store.readAll()).toEqual([]);
      const same = await post('/referrals', nrb, { ...body, divisionCode: '141181' });
      expect(same).toMatchObject({ status: 201, body: { divisionCode: '141181' } });
    });

    it("is the county's own: the city above reads the referral but neither drafts nor approves it (403)", async () => {
      const city = await sys.token('nrb', ['officer', 'head'], '141100');
      const drafted = await post('/referrals', city, body);
      expect(drafted).toMatchObject({ status: 403, body: { rule: { id: 'referral.referral.draft' } } });
      const id = await draft();
      const read = await sys.app.inject({
        method: 'GET',
        url: `/referral/referrals/${id}`,
        headers: { authorization: `Bearer ${city}` },
      });
      expect(read.statusCode).toBe(200);
      const approval = await post(`/referrals/${id}/approval`, city, { approved: true, note: '' });
      expect(approval).toMatchObject({ status: 403, body: { rule: { id: 'referral.referral.approval' } } });
      expect(await streamOf(id)).toHaveLength(1);
    });

    it('hides the referral (404) from the bureau and the receiver of a neighbouring county or province', async () => {
      const id = await draft();
      await post(`/referrals/${id}/approval`, nrb, { approved: true, note: '' });
      await dispatchWithDocuments(sys, id, nrb);
      for (const [agency, division, command] of [
        ['nrb', '141182', 'reconsideration'],
        ['psb', '141182', 'receipt'],
        ['psb', '150000', 'receipt'],
      ] as const) {
        const res = await post(
          `/referrals/${id}/${command}`,
          await sys.token(agency, ['officer', 'head'], division),
          command === 'receipt' ? { documents: [] } : { reason: 'r' },
        );
        expect(res.status, `${agency} of ${division}`).toBe(404);
        expect(res.body.detail).toBe(`no referral ${id}`);
      }
      expect(await streamOf(id)).toHaveLength(6);
    });

    it("lets the receiving agency of the city above sign for the county's referral", async () => {
      const id = await draft();
      await post(`/referrals/${id}/approval`, nrb, { approved: true, note: '' });
      await dispatchWithDocuments(sys, id, nrb);
      const cityPolice = await sys.token('psb', ['officer'], '141100');
      expect(await receiveAll(sys, id, cityPolice)).toMatchObject({
        status: 200,
        body: { state: 'received' },
      });
    });
  });
});
