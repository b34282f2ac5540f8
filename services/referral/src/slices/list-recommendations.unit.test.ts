import { loadCalendar, recommendationMachine } from '@landcase/lifecycle';
import { startDeadlineScheduler } from '@landcase/service-kit';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { referralModule } from '../index.ts';
import { openCase, tokenFor } from '../test-http.ts';

// The recommendation list takes the filters of the other lists (agency, overdue, withinDivision),
// within what the caller issued or received: the procuratorate sees what it issued, an addressee
// what was addressed to it, in its divisions. `who` names an agency of 141181 (`nrb`) or of
// another division (`gov@141182`, `proc@140000`).

let sys: TestSystem;

beforeEach(async () => {
  sys = await startTestSystem(referralModule, '2026-03-10T02:00:00.000Z');
});
afterEach(() => sys.stop());

const DOCS = [{ kind: 'procuratorial-recommendation', ref: '汾检行公建〔2026〕5号' }];

/** Issued by the procuratorate of the case's own division. */
async function issue(caseId: string, to: string, divisionCode: string, harmGrowing: boolean) {
  await openCase(sys, caseId, divisionCode);
  const res = await sys.app.inject({
    method: 'POST',
    url: '/referral/recommendations',
    headers: { authorization: `Bearer ${await tokenFor(sys, `proc@${divisionCode}`)}` },
    payload: { caseId, to, divisionCode, content: '依法拆除违法建筑', harmGrowing, documents: DOCS },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function reply(id: string, who: string) {
  const res = await sys.app.inject({
    method: 'POST',
    url: `/referral/recommendations/${id}/reply`,
    headers: { authorization: `Bearer ${await tokenFor(sys, who)}` },
    payload: { measures: 'demolished and restored', documents: [] },
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function list(who: string, query: string) {
  const res = await sys.app.inject({
    method: 'GET',
    url: `/referral/recommendations?${query}`,
    headers: { authorization: `Bearer ${await tokenFor(sys, who)}` },
  });
  return { status: res.statusCode, body: res.json() };
}
const cases = async (who: string, query: string) =>
  (await list(who, query)).body.items.map((r: { caseId: string }) => r.caseId).sort();

describe('GET /referral/recommendations: inbox, overdue and division filters', () => {
  it('lists what waits for each addressee among what the caller issued or received', async () => {
    await issue('LC-A', 'nrb', '141181', true);
    await issue('LC-B', 'gov', '141182', false);
    const c = await issue('LC-C', 'agri', '150102', true);
    // The province of Shanxi reads its two; Inner Mongolia's is not its.
    await eventually(async () => (await list('proc@140000', '')).body.total === 2);
    await eventually(async () => (await list('proc@150000', '')).body.total === 1);

    expect(await cases('proc@140000', 'agency=gov')).toEqual(['LC-B']);
    expect(await cases('nrb', 'agency=nrb')).toEqual(['LC-A']);
    expect(await cases('gov@141182', 'agency=gov')).toEqual(['LC-B']);
    // The government of another county has nothing addressed to it.
    expect(await cases('gov', 'agency=gov')).toEqual([]);
    // The bureau's inbox is not the government's to read.
    expect(await cases('gov@140000', 'agency=nrb')).toEqual([]);
    // Nothing waits for the procuratorate once it has issued.
    expect(await cases('proc@140000', 'agency=proc')).toEqual([]);

    expect(await cases('proc@140000', 'withinDivision=1411')).toEqual(['LC-A', 'LC-B']);
    expect(await cases('proc@140000', 'withinDivision=150000')).toEqual([]);
    expect(await cases('proc@150000', 'withinDivision=150000')).toEqual(['LC-C']);
    expect(await cases('nrb', 'withinDivision=14')).toEqual(['LC-A']);
    // Each county's procuratorate reads what it issued; the city above, its counties'.
    expect(await cases('proc', '')).toEqual(['LC-A']);
    expect(await cases('proc@141182', '')).toEqual(['LC-B']);
    expect(await cases('proc@141100', '')).toEqual(['LC-A', 'LC-B']);

    await reply(c, 'agri@150102');
    await eventually(async () => (await cases('proc@150000', 'state=replied')).length === 1);
    expect(await cases('proc@150000', 'agency=agri')).toEqual([]);
    expect((await list('agri@150102', '')).body.items[0]).toMatchObject({
      caseId: 'LC-C',
      awaiting: [],
      overdue: false,
      missedDeadlineCount: 0,
      divisionLevels: ['15', '1501', '150102'],
    });
  });

  it('lists a recommendation overdue once its missed reply deadline is recorded, until replied', async () => {
    const a = await issue('LC-A', 'nrb', '141181', true);
    await issue('LC-B', 'gov', '141182', false);
    await eventually(async () => (await list('proc@140000', 'overdue=false')).body.total === 2);

    // Served Tue 10 March 2026 with the harm growing: the reply was due by the end of 25 March.
    sys.clock.set('2026-03-26T02:00:00.000Z');
    const scheduler = await startDeadlineScheduler(sys.ctx, {
      machine: recommendationMachine,
      aggregate: 'recommendation',
      idField: 'recommendationId',
      calendar: loadCalendar(),
      runAtStart: false,
    });
    try {
      expect((await scheduler.tick()).missed).toHaveLength(1);
    } finally {
      await scheduler.stop();
    }
    const overdue = await eventually(async () => {
      const { body } = await list('proc@140000', 'overdue=true');
      return body.total === 1 ? body : undefined;
    });
    expect(overdue.items[0]).toMatchObject({
      caseId: 'LC-A',
      state: 'awaitingUrgentReply',
      awaiting: ['nrb'],
      overdue: true,
      overdueSince: '2026-03-25T15:59:59.999Z',
      missedDeadlineCount: 1,
    });
    expect(await cases('nrb', 'overdue=true&agency=nrb&withinDivision=141100')).toEqual(['LC-A']);
    expect(await cases('gov@141182', 'overdue=true')).toEqual([]);
    expect(await cases('proc@140000', 'overdue=false')).toEqual(['LC-B']);

    // A late reply is still taken; nothing is overdue in the state it leaves, the miss stays counted.
    await reply(a, 'nrb');
    await eventually(async () => (await cases('proc@140000', 'overdue=true')).length === 0);
    const [replied] = (await list('nrb', '')).body.items;
    expect(replied).toMatchObject({
      state: 'replied',
      overdue: false,
      overdueSince: null,
      missedDeadlineCount: 1,
    });
  });

  it('refuses a division of zeros and a bad agency or overdue, naming each', async () => {
    const bad = await list('proc', 'agency=army&overdue=1');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/agency', '/overdue']);
    const zeros = await list('proc', 'withinDivision=000000');
    expect(zeros.status).toBe(400);
    expect(zeros.body.errors).toEqual([
      expect.objectContaining({ path: '/withinDivision', reason: 'must name a division, not only zeros' }),
    ]);
  });
});
