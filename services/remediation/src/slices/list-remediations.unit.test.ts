import type { Agency } from '@landcase/contracts';
import { loadCalendar, remediationMachine } from '@landcase/lifecycle';
import { startDeadlineScheduler } from '@landcase/service-kit';
import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remediationModule } from '../index.ts';
import { PROOF } from '../test-restoration-case.ts';

let sys: TestSystem;

beforeEach(async () => {
  sys = await startTestSystem(remediationModule);
});
afterEach(() => sys.stop());

/** A token for `nrb` (of 141181) or `gov@141182` (an agency of another division). */
const tokenOf = (who: string) => {
  const [agency, division = '141181'] = who.split('@') as [Agency, string?];
  return sys.token(agency, ['officer'], division);
};

/** A decision to demolish and restore by 30 June, which opens the case's remediation. */
const decide = (caseId: string, divisionCode: string) =>
  sys.publish('enforcement', 'PenaltyDecided', {
    caseId,
    measures: ['demolish', 'restore'],
    complyBy: '2026-06-30T18:00:00+08:00',
    decisionRef: `FY-DECISION-${caseId}`,
    divisionCode,
    landClass: 'farmland',
    areaMu: 3,
  });

async function post(url: string, who: string, body: unknown) {
  const res = await sys.app.inject({
    method: 'POST',
    url: `/remediation${url}`,
    headers: { authorization: `Bearer ${await tokenOf(who)}` },
    payload: body as object,
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function list(query: string, who = 'nrb') {
  const res = await sys.app.inject({
    method: 'GET',
    url: `/remediation/cases?${query}`,
    headers: { authorization: `Bearer ${await tokenOf(who)}` },
  });
  return { status: res.statusCode, body: res.json() };
}
const ids = async (query: string, who = 'nrb') =>
  (await list(query, who)).body.items.map((r: { caseId: string }) => r.caseId).sort();

describe('GET /remediation/cases: inbox, overdue and division filters', () => {
  it('lists what waits for each agency, and a division with those under it', async () => {
    await decide('LC-A', '141181');
    await decide('LC-B', '141182');
    await decide('LC-C', '150102');
    // The province of Shanxi reads its two; Inner Mongolia's is not its.
    const province = 'nrb@140000';
    await eventually(async () => (await list('', province)).body.total === 2);
    await eventually(async () => (await list('', 'nrb@150000')).body.total === 1);
    const step = (step: string) => ({ step, observedAt: '2026-05-21T10:00:00+08:00', evidence: PROOF });
    // Each county's government restores its own.
    await post('/cases/LC-B/progress', 'gov@141182', step('demolished'));
    await post('/cases/LC-B/progress', 'gov@141182', step('recultivated'));
    await eventually(async () => (await ids('state=recultivated', province)).length === 1);

    // Restoration waits for the government (and the supervising bureau); acceptance for both acceptors.
    expect(await ids('agency=gov', province)).toEqual(['LC-A']);
    expect(await ids('agency=agri', province)).toEqual(['LC-B']);
    expect(await ids('agency=nrb', province)).toEqual(['LC-A', 'LC-B']);
    expect(await ids('agency=gov', 'nrb@150000')).toEqual(['LC-C']);
    await post('/cases/LC-B/acceptance', 'agri@141182', { passed: true, note: 'fit for cultivation' });
    await eventually(async () => (await ids('agency=agri', province)).length === 0);
    const [b] = (await list('withinDivision=141182', province)).body.items;
    expect(b).toMatchObject({ caseId: 'LC-B', awaiting: ['nrb'], overdue: false, missedDeadlineCount: 0 });

    expect(await ids('withinDivision=1411', province)).toEqual(['LC-A', 'LC-B']);
    expect(await ids('withinDivision=141100&agency=gov', province)).toEqual(['LC-A']);
    expect(await ids('withinDivision=15', province)).toEqual([]);
    expect(await ids('withinDivision=15', 'nrb@150000')).toEqual(['LC-C']);
    expect(await ids('divisionCode=141100', province)).toEqual([]);
  });

  it('holds only what the caller may see: its divisions, and the agencies with a part in remediation', async () => {
    await decide('LC-A', '141181');
    await decide('LC-B', '141182');
    await eventually(async () => (await list('', 'audit@140000')).body.total === 2);
    expect(await ids('')).toEqual(['LC-A']);
    expect(await ids('withinDivision=14')).toEqual(['LC-A']);
    expect(await ids('divisionCode=141182')).toEqual([]);
    expect(await ids('', 'gov@141182')).toEqual(['LC-B']);
    expect(await ids('', 'agri@141100')).toEqual(['LC-A', 'LC-B']);
    for (const agency of ['psb', 'proc', 'disc', 'court', 'grid']) {
      expect((await list('', `${agency}@140000`)).body.total, agency).toBe(0);
    }
  });

  it('lists a remediation overdue once its missed due date is recorded, and not once accepted', async () => {
    await decide('LC-L', '141181');
    await decide('LC-M', '141181');
    await eventually(async () => (await list('overdue=false')).body.total === 2);
    const step = (step: string) => ({ step, observedAt: '2026-06-01T10:00:00+08:00', evidence: PROOF });
    await post('/cases/LC-M/progress', 'gov', step('demolished'));
    await post('/cases/LC-M/progress', 'gov', step('recultivated'));
    await post('/cases/LC-M/acceptance', 'nrb', { passed: true, note: 'soil restored' });
    await post('/cases/LC-M/acceptance', 'agri', { passed: true, note: 'fit for cultivation' });
    await eventually(async () => (await ids('state=accepted')).length === 1);

    // Past the due date in the decision: the scheduler, on the injected clock, records it missed.
    sys.clock.set('2026-07-02T02:00:00.000Z');
    const scheduler = await startDeadlineScheduler(sys.ctx, {
      machine: remediationMachine,
      aggregate: 'remediation',
      calendar: loadCalendar(),
      runAtStart: false,
    });
    try {
      expect((await scheduler.tick()).missed).toHaveLength(1);
    } finally {
      await scheduler.stop();
    }
    const overdue = await eventually(async () => {
      const { body } = await list('overdue=true');
      return body.total === 1 ? body : undefined;
    });
    expect(overdue.items[0]).toMatchObject({
      caseId: 'LC-L',
      state: 'opened',
      overdue: true,
      overdueSince: '2026-06-30T10:00:00.000Z',
      missedDeadlineCount: 1,
    });
    expect(await ids('overdue=false')).toEqual(['LC-M']);
    expect(await ids('overdue=true&agency=gov&withinDivision=14')).toEqual(['LC-L']);
  });

  it('refuses a division of zeros and a bad agency or overdue, naming each', async () => {
    const res = await list('withinDivision=000000000&agency=army&overdue=1');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/agency', '/overdue']);
    const zeros = await list('withinDivision=000000000');
    expect(zeros.body.errors.map((e: { path: string }) => e.path)).toEqual(['/withinDivision']);
  });
});
