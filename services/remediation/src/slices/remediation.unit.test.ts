import { eventually, startTestSystem, type TestSystem } from '@landcase/service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remediationModule } from '../index.ts';
import { PROOF } from '../test-restoration-case.ts';

let sys: TestSystem;
const tokens: Record<string, string> = {};

beforeEach(async () => {
  sys = await startTestSystem(remediationModule);
  for (const agency of ['nrb', 'agri', 'gov', 'psb', 'audit'] as const)
    tokens[agency] = await sys.token(agency);
});
afterEach(() => sys.stop());

const CASE = 'LC-141181-20260302-0a1b2c3d';

const penaltyDecided = (caseId: string, measures: string[]) => ({
  caseId,
  measures,
  fineYuan: 124_000,
  complyBy: '2026-06-30T18:00:00+08:00',
  decisionRef: `FY-DECISION-${caseId}`,
  divisionCode: '141181',
  landClass: 'pbf',
  areaMu: 6.2,
});

async function post(url: string, who: string, body: unknown) {
  const res = await sys.app.inject({
    method: 'POST',
    url: `/remediation${url}`,
    headers: { authorization: `Bearer ${tokens[who]}` },
    payload: body as object,
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}
async function get(url: string, who = 'nrb') {
  const res = await sys.app.inject({
    method: 'GET',
    url: `/remediation${url}`,
    headers: { authorization: `Bearer ${tokens[who]}` },
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

async function opened(caseId = CASE, measures = ['demolish', 'restore', 'fine']) {
  await sys.publish('enforcement', 'PenaltyDecided', penaltyDecided(caseId, measures));
  return eventually(async () => {
    const res = await get(`/cases/${caseId}`);
    return res.status === 200 ? res.body : undefined;
  });
}

const progress = (step: string, observedAt = '2026-05-21T10:00:00+08:00') => ({
  step,
  observedAt,
  evidence: PROOF,
});
const stream = (caseId = CASE) => sys.store.readStream(`remediation.remediation-${caseId}`);

describe('remediation', () => {
  it('opens on a decision to demolish and restore, due by the compliance date', async () => {
    const filed = await sys.publish(
      'enforcement',
      'PenaltyDecided',
      penaltyDecided(CASE, ['demolish', 'fine']),
    );
    const body = await eventually(async () => {
      const res = await get(`/cases/${CASE}`);
      return res.status === 200 ? res.body : undefined;
    });
    expect(body).toMatchObject({
      id: CASE,
      caseId: CASE,
      state: 'opened',
      revision: 0,
      dueBy: '2026-06-30T18:00:00+08:00',
      measures: ['demolish', 'fine'],
      divisionCode: '141181',
    });
    const [event] = await stream();
    expect(event!.metadata).toMatchObject({ actor: 'nrb:system:remediation', causationId: filed.id });
  });

  it('opens nothing for confiscation or a fine alone, and once for a repeated decision', async () => {
    await sys.publish('enforcement', 'PenaltyDecided', penaltyDecided('CONFISCATED', ['confiscate', 'fine']));
    const first = await sys.publish('enforcement', 'PenaltyDecided', penaltyDecided(CASE, ['restore']));
    await sys.bus.publish('landcase.enforcement.v1', [{ key: CASE, event: first }]);
    await sys.publish('enforcement', 'PenaltyDecided', penaltyDecided(CASE, ['restore']));
    // Handled after everything above, so once it is open the others were handled.
    await opened('MARK');
    expect(await stream('CONFISCATED')).toEqual([]);
    expect(await stream()).toHaveLength(1);
  });

  it('goes opened → demolished → recultivated → accepted, the second pass appending RemediationAccepted', async () => {
    await opened();
    expect((await post(`/cases/${CASE}/progress`, 'gov', progress('demolished'))).body.state).toBe(
      'demolished',
    );
    const recultivated = await post(
      `/cases/${CASE}/progress`,
      'nrb',
      progress('recultivated', '2026-06-10T10:00:00+08:00'),
    );
    expect(recultivated.body).toMatchObject({ state: 'recultivated', revision: 2 });
    expect(recultivated.headers.etag).toBe('"2"');

    const nrb = await post(`/cases/${CASE}/acceptance`, 'nrb', { passed: true, note: 'soil restored' });
    expect(nrb.body).toMatchObject({ state: 'recultivated', acceptedAt: null });
    sys.clock.set('2026-06-12T02:00:00.000Z');
    const agri = await post(`/cases/${CASE}/acceptance`, 'agri', {
      passed: true,
      note: 'fit for cultivation',
    });
    expect(agri.body).toMatchObject({
      state: 'accepted',
      acceptedAt: '2026-06-12T02:00:00.000Z',
      acceptances: [
        { agency: 'nrb', passed: true },
        { agency: 'agri', passed: true },
      ],
    });

    const again = await post(`/cases/${CASE}/acceptance`, 'nrb', { passed: true, note: 'again' });
    expect(again).toMatchObject({ status: 409, body: { currentState: 'accepted', allowedEvents: [] } });
    const types = (await stream()).map((e) => e.type);
    expect(types).toEqual([
      'RemediationOpened',
      'ProgressRecorded',
      'ProgressRecorded',
      'AcceptanceRecorded',
      'AcceptanceRecorded',
      'RemediationAccepted',
    ]);
  });

  it('lets each accepting agency speak once per round; a failure sends the land to rework', async () => {
    await opened();
    await post(`/cases/${CASE}/progress`, 'gov', progress('demolished'));
    await post(`/cases/${CASE}/progress`, 'gov', progress('recultivated'));
    await post(`/cases/${CASE}/acceptance`, 'nrb', { passed: true, note: 'ok' });
    const twice = await post(`/cases/${CASE}/acceptance`, 'nrb', { passed: true, note: 'ok again' });
    expect(twice).toMatchObject({
      status: 409,
      body: { type: 'https://landcase.org/problems/illegal-transition', currentState: 'recultivated' },
    });
    expect(twice.body.detail).toContain('already');

    const failed = await post(`/cases/${CASE}/acceptance`, 'agri', {
      passed: false,
      note: 'topsoil too thin',
    });
    expect(failed.body.state).toBe('rework');
    await post(`/cases/${CASE}/progress`, 'gov', progress('recultivated', '2026-06-20T10:00:00+08:00'));
    await post(`/cases/${CASE}/acceptance`, 'agri', { passed: true, note: 'now fit' });
    const done = await post(`/cases/${CASE}/acceptance`, 'nrb', { passed: true, note: 'ok' });
    expect(done.body.state).toBe('accepted');
    expect((await stream()).filter((e) => e.type === 'RemediationAccepted')).toHaveLength(1);
  });

  it('refuses an agency with a part in it but not this step with 403 naming the rule, and appends nothing', async () => {
    await opened();
    for (const who of ['agri', 'audit']) {
      const res = await post(`/cases/${CASE}/progress`, who, progress('demolished'));
      expect(res, who).toMatchObject({
        status: 403,
        body: { rule: { id: 'remediation.remediation.progress' } },
      });
    }
    await post(`/cases/${CASE}/progress`, 'gov', progress('demolished'));
    await post(`/cases/${CASE}/progress`, 'gov', progress('recultivated'));
    const third = await post(`/cases/${CASE}/acceptance`, 'gov', { passed: true, note: 'looks fine' });
    expect(third).toMatchObject({
      status: 403,
      body: {
        type: 'https://landcase.org/problems/forbidden',
        rule: { id: 'remediation.remediation.acceptance' },
      },
    });
    expect((await stream()).map((e) => e.type)).not.toContain('AcceptanceRecorded');
  });

  it('hides the remediation (404) from an agency with no part in it and from other divisions', async () => {
    await opened();
    tokens.neighbour = await sys.token('gov', ['officer'], '141182');
    tokens.elsewhere = await sys.token('nrb', ['officer'], '150000');
    for (const who of ['psb', 'neighbour', 'elsewhere']) {
      const res = await post(`/cases/${CASE}/progress`, who, progress('demolished'));
      expect(res, who).toMatchObject({ status: 404, body: { detail: `no remediation for case ${CASE}` } });
      expect((await get(`/cases/${CASE}`, who)).status, who).toBe(404);
    }
    expect(await stream()).toHaveLength(1);
  });

  it("is the county's own to restore and accept: the city above reads it, and is refused with 403", async () => {
    await opened();
    tokens.cityGov = await sys.token('gov', ['officer'], '141100');
    tokens.cityNrb = await sys.token('nrb', ['officer'], '141100');
    expect((await get(`/cases/${CASE}`, 'cityNrb')).status).toBe(200);
    const restored = await post(`/cases/${CASE}/progress`, 'cityGov', progress('demolished'));
    expect(restored).toMatchObject({
      status: 403,
      body: { rule: { id: 'remediation.remediation.progress' } },
    });
    await post(`/cases/${CASE}/progress`, 'gov', progress('demolished'));
    await post(`/cases/${CASE}/progress`, 'gov', progress('recultivated'));
    const accepted = await post(`/cases/${CASE}/acceptance`, 'cityNrb', { passed: true, note: 'ok' });
    expect(accepted).toMatchObject({
      status: 403,
      body: { rule: { id: 'remediation.remediation.acceptance' } },
    });
    expect((await stream()).map((e) => e.type)).not.toContain('AcceptanceRecorded');
  });

  it('refuses steps out of order with 409', async () => {
    await opened();
    const early = await post(`/cases/${CASE}/acceptance`, 'nrb', { passed: true, note: 'early' });
    expect(early).toMatchObject({
      status: 409,
      body: { currentState: 'opened', allowedEvents: expect.arrayContaining(['ProgressRecorded']) },
    });
    // The decision ordered demolition, so the land cannot be re-cultivated before it.
    const skip = await post(`/cases/${CASE}/progress`, 'gov', progress('recultivated'));
    expect(skip).toMatchObject({ status: 409, body: { currentState: 'opened' } });
    expect(await stream()).toHaveLength(1);
  });

  it('answers 404 for a case with no remediation', async () => {
    expect((await get('/cases/NONE')).status).toBe(404);
    expect((await post('/cases/NONE/progress', 'gov', progress('demolished'))).status).toBe(404);
    expect((await post('/cases/NONE/acceptance', 'nrb', { passed: true, note: '' })).status).toBe(404);
  });

  it('lists remediations by division and state', async () => {
    await opened('A');
    await opened('B');
    await post('/cases/B/progress', 'gov', progress('demolished'));
    await eventually(async () => (await get('/cases?state=demolished')).body.total === 1);
    expect((await get('/cases?state=demolished')).body.items.map((r: { id: string }) => r.id)).toEqual(['B']);
    expect((await get('/cases?divisionCode=141181')).body.total).toBe(2);
    expect((await get('/cases?divisionCode=110101')).body.total).toBe(0);
    expect((await get('/cases?divisionCode=12')).status).toBe(400);
  });

  describe('bad input: 400 problem naming the field, nothing appended', () => {
    const cases: [string, string, unknown, string][] = [
      [
        'progress: unknown step',
        'progress',
        { step: 'paved', observedAt: '2026-05-21T10:00:00+08:00', evidence: [] },
        '/step',
      ],
      [
        'progress: not a time',
        'progress',
        { step: 'demolished', observedAt: 'yesterday', evidence: [] },
        '/observedAt',
      ],
      [
        'progress: bad evidence hash',
        'progress',
        { ...progress('demolished'), evidence: [{ uri: 'u', sha256: 'x' }] },
        '/evidence/0/sha256',
      ],
      ['acceptance: missing passed', 'acceptance', { note: 'n' }, '/passed'],
      ['acceptance: a stray field', 'acceptance', { passed: true, note: 'n', agency: 'agri' }, '/agency'],
    ];
    for (const [name, command, body, field] of cases) {
      it(name, async () => {
        await opened();
        const res = await post(`/cases/${CASE}/${command}`, 'nrb', body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
        expect(await stream()).toHaveLength(1);
      });
    }
  });
});
