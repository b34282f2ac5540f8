import { loadCalendar, referralMachine } from '@landcase/lifecycle';
import { startDeadlineScheduler } from '@landcase/service-kit';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';
import { attachRequired, openCase, tokenFor } from '../test-http.ts';

let sys: TestSystem;
let tokens: Record<string, string> = {};

beforeEach(async () => {
  sys = await startTestSystem(referralModule);
  tokens = {
    nrb: await sys.token('nrb', ['officer', 'head']),
    psb: await sys.token('psb'),
    disc: await sys.token('disc'),
    proc: await sys.token('proc'),
    audit: await sys.token('audit', ['auditor']),
  };
});
afterEach(() => sys.stop());

/** The tokens above by name, or `nrb@141182` for an agency of another division (test-http tokenFor). */
const tokenOf = async (who: string): Promise<string> => tokens[who] ?? tokenFor(sys, who);

const get = async (url: string, who: string) => {
  const res = await sys.app.inject({
    method: 'GET',
    url: `/referral${url}`,
    headers: { authorization: `Bearer ${await tokenOf(who)}` },
  });
  return { status: res.statusCode, body: res.json() };
};

async function draft(caseId: string, to: string): Promise<string> {
  await openCase(sys, caseId);
  const res = await sys.app.inject({
    method: 'POST',
    url: '/referral/referrals',
    headers: { authorization: `Bearer ${tokens.nrb}` },
    payload: { caseId, to, reason: 'by hand', documents: [] },
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

/** Approved, its documents attached and dispatched by the bureau: from then on its addressee sees it. */
async function send(id: string): Promise<void> {
  for (const [command, payload] of [
    ['approval', { approved: true, note: 'refer' }],
    ['dispatch', {}],
  ] as const) {
    if (command === 'dispatch') await attachRequired(sys, id, tokens.nrb!);
    const res = await sys.app.inject({
      method: 'POST',
      url: `/referral/referrals/${id}/${command}`,
      headers: { authorization: `Bearer ${tokens.nrb}` },
      payload,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
}

const idsOf = (body: { items: { id: string }[] }) => body.items.map((r) => r.id).sort();

describe('referral visibility', () => {
  it('shows a referral only to its sender, its receiver once sent, and auditors', async () => {
    const id = await draft('LC-A', 'psb');
    expect((await get(`/referrals/${id}`, 'nrb')).status).toBe(200);
    // A draft stays with the bureau until it is sent (Order 310 art. 5).
    expect((await get(`/referrals/${id}`, 'psb')).status).toBe(404);
    await send(id);
    expect((await get(`/referrals/${id}`, 'psb')).body).toMatchObject({ id, to: 'psb', state: 'dispatched' });
    expect((await get(`/referrals/${id}`, 'audit')).status).toBe(200);
    const stranger = await get(`/referrals/${id}`, 'disc');
    expect(stranger).toMatchObject({
      status: 404,
      body: { type: 'https://landcase.org/problems/not-found' },
    });
    expect(stranger.body.detail).not.toContain('psb');
  });

  it('shows it within its divisions: the city and province above read it, a neighbour or another province sees nothing', async () => {
    const id = await draft('LC-A', 'psb');
    await send(id);
    for (const who of ['nrb@141100', 'nrb@140000', 'psb@141100', 'audit@140000']) {
      expect((await get(`/referrals/${id}`, who)).status, who).toBe(200);
    }
    for (const who of ['nrb@141182', 'psb@141182', 'audit@150000', 'nrb@150000']) {
      const res = await get(`/referrals/${id}`, who);
      expect(res.status, who).toBe(404);
      expect(res.body.detail).toBe(`no referral ${id}`);
    }
    for (const who of ['nrb@141182', 'audit@150000']) {
      expect((await get('/referrals', who)).body.total, who).toBe(0);
    }
  });

  it('filters the lists by party, then by the query', async () => {
    const a = await draft('LC-A', 'psb');
    const b = await draft('LC-A', 'disc');
    const c = await draft('LC-B', 'psb');
    for (const id of [a, b, c]) await send(id);
    // Still a draft: the police do not list it.
    const d = await draft('LC-B', 'psb');
    await eventually(async () => (await get('/referrals?state=dispatched', 'audit')).body.total === 3);
    await eventually(async () => (await get('/referrals', 'audit')).body.total === 4);

    expect(idsOf((await get('/referrals', 'nrb')).body)).toEqual([a, b, c, d].sort());
    expect(idsOf((await get('/referrals', 'audit')).body)).toEqual([a, b, c, d].sort());
    expect(idsOf((await get('/referrals', 'psb')).body)).toEqual([a, c].sort());
    expect(idsOf((await get('/referrals', 'disc')).body)).toEqual([b]);
    expect((await get('/referrals', 'proc')).body).toMatchObject({ items: [], total: 0 });

    expect(idsOf((await get('/referrals?caseId=LC-A', 'nrb')).body)).toEqual([a, b].sort());
    expect(idsOf((await get('/referrals?caseId=LC-A', 'psb')).body)).toEqual([a]);
    expect(idsOf((await get('/referrals?to=psb', 'nrb')).body)).toEqual([a, c, d].sort());
    expect((await get('/referrals?to=psb', 'disc')).body.total).toBe(0);
    expect(idsOf((await get('/referrals?state=drafted&caseId=LC-B', 'audit')).body)).toEqual([d]);

    const page = (await get('/referrals?limit=2&offset=0', 'nrb')).body;
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 0 });
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ caseId: expect.any(String), state: expect.any(String) });
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

describe('referral lists: inbox, overdue and division filters', () => {
  const send = async (url: string, who: string, payload: unknown = {}) => {
    const res = await sys.app.inject({
      method: 'POST',
      url: `/referral${url}`,
      headers: { authorization: `Bearer ${await tokenOf(who)}` },
      payload: payload as object,
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  /** Attaches the required documents, then dispatches. */
  const dispatch = async (id: string, who: string) => {
    await attachRequired(sys, id, await tokenOf(who));
    await send(`/referrals/${id}/dispatch`, who);
  };
  /** A referral drafted by the bureau of the case's own division. */
  const draftIn = async (caseId: string, to: string, divisionCode: string): Promise<string> => {
    await openCase(sys, caseId, divisionCode);
    const res = await sys.app.inject({
      method: 'POST',
      url: '/referral/referrals',
      headers: { authorization: `Bearer ${await tokenOf(`nrb@${divisionCode}`)}` },
      payload: { caseId, to, reason: 'by hand', documents: [], divisionCode },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id;
  };

  it('lists what waits for an agency, only among the referrals the caller is party to', async () => {
    const waiting = await draftIn('LC-A', 'psb', '141181'); // drafted: the sender's head decides
    const sent = await draftIn('LC-B', 'psb', '141182');
    await send(`/referrals/${sent}/approval`, 'nrb@141182', { approved: true, note: 'refer' });
    await dispatch(sent, 'nrb@141182'); // dispatched: the police acknowledge receipt
    const toDisc = await draftIn('LC-C', 'disc', '150102');
    await send(`/referrals/${toDisc}/approval`, 'nrb@150102', { approved: true, note: 'refer' });
    await dispatch(toDisc, 'nrb@150102');
    // Read from the province of Shanxi (Inner Mongolia's referral is not its) and of Inner Mongolia.
    await eventually(async () => (await get('/referrals?state=dispatched', 'audit@140000')).body.total === 1);
    await eventually(async () => (await get('/referrals?state=dispatched', 'audit@150000')).body.total === 1);

    expect(idsOf((await get('/referrals?agency=nrb', 'nrb@140000')).body)).toEqual([waiting]);
    expect(idsOf((await get('/referrals?agency=psb', 'psb@140000')).body)).toEqual([sent]);
    expect(idsOf((await get('/referrals?agency=disc', 'disc@150000')).body)).toEqual([toDisc]);
    expect(idsOf((await get('/referrals?agency=psb', 'audit@140000')).body)).toEqual([sent]);
    // The bureau sees what waits for the police among its own referrals...
    expect(idsOf((await get('/referrals?agency=psb', 'nrb@140000')).body)).toEqual([sent]);
    // ...but another agency never sees a referral it is not party to, whatever it asks.
    expect((await get('/referrals?agency=psb', 'disc@140000')).body.total).toBe(0);
    expect((await get('/referrals?agency=disc', 'psb@140000')).body.total).toBe(0);
    expect((await get('/referrals?from=nrb&agency=disc', 'psb@140000')).body.total).toBe(0);
    const [doc] = (await get(`/referrals?caseId=LC-B`, 'psb@141182')).body.items;
    expect(doc).toMatchObject({ awaiting: ['psb'], overdue: false, missedDeadlineCount: 0 });

    // The draft is the bureau's until sent: the police list only what was sent to them.
    expect(idsOf((await get('/referrals?from=nrb', 'psb@140000')).body)).toEqual([sent]);
    expect((await get('/referrals?from=psb', 'nrb@140000')).body.total).toBe(0);
    expect(idsOf((await get('/referrals?withinDivision=1411', 'nrb@140000')).body)).toEqual(
      [waiting, sent].sort(),
    );
    expect(idsOf((await get('/referrals?withinDivision=15', 'audit@150000')).body)).toEqual([toDisc]);
    expect(idsOf((await get('/referrals?divisionCode=141182', 'nrb@140000')).body)).toEqual([sent]);
    expect((await get('/referrals?withinDivision=15', 'psb@140000')).body.total).toBe(0);
    // Each reads within its own divisions only: a province asking for another gets nothing, a
    // county only its own, the city its counties.
    expect((await get('/referrals?withinDivision=15', 'audit@140000')).body.total).toBe(0);
    expect(idsOf((await get('/referrals', 'nrb')).body)).toEqual([waiting]);
    expect(idsOf((await get('/referrals?withinDivision=14', 'nrb')).body)).toEqual([waiting]);
    expect(idsOf((await get('/referrals', 'nrb@141182')).body)).toEqual([sent]);
    expect(idsOf((await get('/referrals', 'nrb@141100')).body)).toEqual([waiting, sent].sort());
    expect((await get('/referrals?divisionCode=141182', 'nrb')).body.total).toBe(0);
    expect((await get('/referrals?agency=psb', 'psb')).body.total).toBe(0);
  });

  it('lists a referral overdue once the scheduler records its missed approval, and not once decided', async () => {
    const late = await draftIn('LC-A', 'psb', '141181');
    const other = await draftIn('LC-B', 'disc', '141181'); // no approval deadline outside psb
    await eventually(async () => (await get('/referrals?overdue=false', 'nrb')).body.total === 2);
    // 3 calendar days from the draft (Order 310 art. 5), then one more.
    sys.clock.set('2026-03-14T02:00:00.000Z');
    const scheduler = await startDeadlineScheduler(sys.ctx, {
      machine: referralMachine,
      aggregate: 'referral',
      calendar: loadCalendar(),
      runAtStart: false,
      idField: 'referralId',
    });
    try {
      expect((await scheduler.tick()).missed.map((m) => m.streamId)).toEqual([`referral.referral-${late}`]);
    } finally {
      await scheduler.stop();
    }
    const overdue = await eventually(async () => {
      const body = (await get('/referrals?overdue=true', 'nrb')).body;
      return body.total === 1 ? body : undefined;
    });
    expect(overdue.items[0]).toMatchObject({
      id: late,
      overdue: true,
      missedDeadlineCount: 1,
      awaiting: ['nrb'],
    });
    expect(idsOf((await get('/referrals?overdue=false', 'nrb')).body)).toEqual([other]);
    // Overdue in the bureau's hands: the police are not sent the draft, so do not see it.
    expect((await get('/referrals?overdue=true', 'psb')).body.total).toBe(0);
    expect((await get('/referrals?overdue=true', 'disc')).body.total).toBe(0);

    await send(`/referrals/${late}/approval`, 'nrb', { approved: true, note: 'late but approved' });
    await eventually(async () => (await get('/referrals?overdue=true', 'nrb')).body.total === 0);
  });

  it('refuses a division of zeros and an unknown agency, naming each', async () => {
    const zeros = await get('/referrals?withinDivision=0000', 'nrb');
    expect(zeros.status).toBe(400);
    expect(zeros.body.errors.map((e: { path: string }) => e.path)).toEqual(['/withinDivision']);
    const bad = await get('/referrals?agency=army&overdue=maybe&from=x', 'nrb');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/agency',
      '/from',
      '/overdue',
    ]);
  });
});

describe('referral due dates', () => {
  // The test system reads at Tuesday 2026-03-10, 10:00 China time.
  it('carries the next deadline on a read and on each list item, and lists the nearest first on sort=dueAt', async () => {
    // Drafted for the police: the head approves within 3 days, by the end of Friday 03-13.
    const drafted = await draft('LC-A', 'psb');
    // Approved: it leaves within 24 hours.
    const approved = await draft('LC-B', 'psb');
    const approval = await sys.app.inject({
      method: 'POST',
      url: `/referral/referrals/${approved}/approval`,
      headers: { authorization: `Bearer ${tokens.nrb}` },
      payload: { approved: true, note: 'refer' },
    });
    expect(approval.statusCode, approval.body).toBe(200);
    // The command's reply is the referral as a read shows it, due included.
    expect(approval.json().due).toMatchObject({ rule: 'deadline.referral.send', soon: true });
    // Order 310 sets no deadline on a referral to the discipline commission.
    const undated = await draft('LC-C', 'disc');

    expect((await get(`/referrals/${drafted}`, 'nrb')).body.due).toEqual({
      at: '2026-03-13T15:59:59.999Z',
      rule: 'deadline.referral.approve',
      workingDaysLeft: 3,
      soon: false,
      overdue: false,
      provisional: false,
    });
    expect((await get(`/referrals/${approved}`, 'nrb')).body.due).toEqual({
      at: '2026-03-11T02:00:00.000Z',
      rule: 'deadline.referral.send',
      workingDaysLeft: 1,
      soon: true,
      overdue: false,
      provisional: false,
    });
    expect((await get(`/referrals/${undated}`, 'nrb')).body.due).toBeNull();

    const sorted = await eventually('the approval projected', async () => {
      const res = await get('/referrals?sort=dueAt', 'nrb');
      return res.body.items?.[0]?.id === approved ? res.body : undefined;
    });
    expect(sorted.items.map((r: { id: string }) => r.id)).toEqual([approved, drafted, undated]);
    expect(sorted.items.map((r: { nextDueRule: string | null }) => r.nextDueRule)).toEqual([
      'deadline.referral.send',
      'deadline.referral.approve',
      null,
    ]);
    expect(sorted.items[0].due).toMatchObject({ workingDaysLeft: 1, soon: true });
    const soon = await get('/referrals?dueSoon=true', 'nrb');
    expect(idsOf(soon.body)).toEqual([approved]);
    // The police see neither draft nor the approved one yet, sorted or not.
    expect((await get('/referrals?sort=dueAt', 'psb')).body.total).toBe(0);
  });

  it('tells each party which commands it may issue now, and shows the Order 310 clock with each deadline it ran', async () => {
    const id = await draft('LC-A', 'psb');
    const drafted = await get(`/referrals/${id}`, 'nrb');
    // The bureau attaches documents to a draft and its head approves it; nobody receives or decides it yet.
    expect(drafted.body.commandsAllowed).toEqual([
      '/referral/referrals/{id}/documents',
      '/referral/referrals/{id}/approval',
    ]);
    expect(drafted.body.deadlines).toEqual([
      expect.objectContaining({ rule: 'deadline.referral.approve', running: true, missed: false }),
    ]);
    await send(id);
    // Sent: the police sign for it; the bureau has nothing to do until the police decide.
    expect((await get(`/referrals/${id}`, 'psb')).body.commandsAllowed).toEqual([
      '/referral/referrals/{id}/receipt',
    ]);
    expect((await get(`/referrals/${id}`, 'nrb')).body.commandsAllowed).toEqual([]);
    // The auditor reads it and may issue nothing.
    expect((await get(`/referrals/${id}`, 'audit')).body.commandsAllowed).toEqual([]);
    const sent = await get(`/referrals/${id}`, 'psb');
    expect(sent.body.deadlines.map((d: { rule: string; running: boolean }) => [d.rule, d.running])).toEqual([
      ['deadline.referral.approve', false],
      ['deadline.referral.send', false],
    ]);
    // Each due date as the rules have it: 24 hours after the approval.
    const [approve, send24] = sent.body.deadlines;
    expect(Date.parse(send24.dueAt) - Date.parse(send24.startedAt)).toBe(24 * 3600_000);
    expect(Date.parse(approve.dueAt)).toBeGreaterThan(Date.parse(approve.startedAt));
  });
});
