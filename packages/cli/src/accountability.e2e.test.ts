import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken, type RunningService } from '@landcase/service-kit';
import { eventually } from '@landcase/service-kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderReplay, type Timeline } from './commands/replay.ts';
import { verifyCommand } from './commands/verify.ts';
import { type Http, squareParcel } from './happy-path.ts';
import { fetchHttp } from './http-client.ts';
import { runSystem } from './system.ts';

// What follows from facts no enforcement case step moves, across the services of the embedded
// system (in-memory bus): officials' conduct recorded on a case and a division's annual share
// become referrals to the discipline commission; a historical batch to be demolished opens a
// remediation. The audit service tells each id through its own machine. The clock stands still.

const NOW = new Date('2026-03-05T02:00:00.000Z');

let system: RunningService;
let dir: string;
let http: Http;

const token = (agency: string, roles: string[] = ['officer'], division = '141181') =>
  mintToken(system.config.jwtSecret, { sub: `${agency}-user`, agency: agency as never, division, roles });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'landcase-accountability-'));
  system = await runSystem(
    {
      LANDCASE_PORT: '0',
      LANDCASE_HOST: '127.0.0.1',
      LANDCASE_EVENTSTORE: `sqlite:${join(dir, 'lc.db')}`,
      LOG_LEVEL: 'warn',
    },
    { handleSignals: false, clock: { now: () => NOW } },
  );
  http = fetchHttp(() => system.address);
});
afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let refs = 0;
/** A clue reported and verified; returns its case id. */
async function verifiedClue(division: string, verdict: Record<string, unknown>): Promise<string> {
  const grid = await token('grid', ['officer'], division);
  const nrb = await token('nrb', ['officer'], division);
  refs += 1;
  const reported = await http('POST', '/detection/clues', {
    token: grid,
    body: {
      source: 'satellite',
      externalRef: `ACC-${refs}`,
      divisionCode: division,
      landClass: 'pbf',
      parcel: squareParcel(111.79 + refs * 0.01),
      observedAt: '2026-03-02T09:00:00+08:00',
    },
  });
  expect(reported.status).toBe(201);
  const caseId = reported.body.caseId as string;
  const verified = await http('POST', `/detection/clues/${caseId}/verification`, {
    token: nrb,
    body: verdict,
  });
  expect(verified.status).toBe(200);
  return caseId;
}

const illegal = (areaMu: number) => ({
  verdict: 'illegal',
  areaMu,
  landClass: 'pbf',
  ongoing: true,
  party: { name: 'Fenyang Brick Works Ltd', kind: 'organization' },
});

/** An enforcement case opened from an illegal verdict. */
async function openCase(division = '141181'): Promise<string> {
  const caseId = await verifiedClue(division, illegal(6.2));
  const nrb = await token('nrb', ['officer'], division);
  await eventually('the case opened', async () => {
    const res = await http('GET', `/enforcement/cases/${caseId}`, { token: nrb });
    return res.status === 200;
  });
  return caseId;
}

interface Referral {
  id: string;
  referralId: string;
  from: string;
  to: string;
  state: string;
  reason: string;
  ruleId: string;
}

/** The discipline referrals of an id the bureau of the division sees, once `count` are there. */
async function discReferrals(caseId: string, count: number, division = '141181'): Promise<Referral[]> {
  const nrb = await token('nrb', ['officer'], division);
  return eventually(`${count} disc referral(s) of ${caseId}`, async () => {
    const res = await http('GET', `/referral/referrals?caseId=${caseId}&to=disc`, { token: nrb });
    const items = (res.body?.items ?? []) as Referral[];
    return items.length >= count ? [...items].sort((a, b) => a.id.localeCompare(b.id)) : undefined;
  });
}

interface TimelineEvent {
  time: string;
  service: string;
  name: string;
  data: { referralId?: string };
}

/** The audit timeline of an id once every event in `names` (service.Name) is on it. */
async function timelineWith(caseId: string, names: string[]): Promise<TimelineEvent[]> {
  // The province's auditor reads every county's record.
  const audit = await token('audit', ['auditor'], '140000');
  return eventually(`the audit timeline of ${caseId} to hold ${names.join(', ')}`, async () => {
    const res = await http('GET', `/audit/cases/${caseId}/timeline`, { token: audit });
    if (res.status !== 200) return undefined;
    const events = res.body.events as TimelineEvent[];
    const held = new Set(events.map((e) => `${e.service}.${e.name}`));
    return names.every((n) => held.has(n)) ? events : undefined;
  });
}

/**
 * The audit state as of the latest event of a timeline: the event store stamps events with the
 * wall clock, not the injected one, so the state is asked at an instant the events give.
 */
const stateAfter = (caseId: string, events: TimelineEvent[]) => {
  const at = new Date(Math.max(...events.map((e) => Date.parse(e.time)))).toISOString();
  return auditGet(`/audit/cases/${caseId}/state?at=${encodeURIComponent(at)}`);
};

/** `landcase verify` on the id's export bundle, saved to a file as a user would: exit status and verdict. */
async function verifiesOffline(caseId: string): Promise<{ exit: number; printed: string }> {
  const bundle = await auditGet(`/audit/cases/${caseId}/export`);
  const file = join(dir, `${caseId}.bundle.json`);
  writeFileSync(file, JSON.stringify(bundle));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const exit = await verifyCommand(file);
    return { exit, printed: write.mock.calls.map(([chunk]) => String(chunk)).join('') };
  } finally {
    write.mockRestore();
  }
}

/** The row `landcase replay` prints for a service. */
const replayRow = (state: Parameters<typeof renderReplay>[0], events: TimelineEvent[], service: string) =>
  renderReplay(state, { caseId: state.caseId, events } as unknown as Timeline, state.at)
    .split('\n')
    .find((line) => line.startsWith(`${service} `));

const auditGet = async (path: string) =>
  http('GET', path, { token: await token('audit', ['auditor'], '140000') }).then((res) => {
    expect(res.status).toBe(200);
    return res.body;
  });

describe('officials’ conduct recorded on a case', () => {
  it('drafts a disc referral for an interference, and the audit tells the case and the referral apart', async () => {
    const caseId = await openCase();
    const recorded = await http('POST', `/enforcement/cases/${caseId}/interference`, {
      token: await token('nrb'),
      body: {
        interferer: { name: 'Wang Qiang', position: 'deputy township head', organization: 'Yangjiazhuang' },
        conduct: 'asked the officer to drop the case',
        occurredAt: '2026-03-04T10:00:00+08:00',
      },
    });
    expect(recorded.status).toBe(200);

    const [referral] = await discReferrals(caseId, 1);
    expect(referral).toMatchObject({
      id: `${caseId}.disc-interference-1`,
      from: 'nrb',
      to: 'disc',
      state: 'drafted',
      ruleId: 'accountability.interference',
    });
    expect(referral!.reason).toContain('recorded by nrb');

    const events = await timelineWith(caseId, [
      'enforcement.InterferenceRecorded',
      'referral.ReferralDrafted',
    ]);
    expect(events.filter((e) => e.name === 'ReferralDrafted').map((e) => e.data.referralId)).toEqual([
      `${caseId}.disc-interference-1`,
    ]);
    const state = await stateAfter(caseId, events);
    expect(state.services.enforcement).toMatchObject({
      aggregate: 'enforcementCase',
      state: 'opened',
      notApplied: [],
    });
    expect(state.services.referral[`${caseId}.disc-interference-1`]).toMatchObject({
      aggregate: 'referral',
      state: 'drafted',
    });
  });

  it('says 情节严重 for an illegal approval at the serious threshold, and not below it', async () => {
    const caseId = await openCase();
    const nrb = await token('nrb');
    const approve = (approvalRef: string, areaMu: number) =>
      http('POST', `/enforcement/cases/${caseId}/illegal-approval`, {
        token: nrb,
        body: { approvalRef, approvingAuthority: 'Yangjiazhuang township', areaMu, landClass: 'pbf' },
      });
    // PBF: serious at 10 mu (法释〔2000〕14号 art. 4), ≥ not >.
    expect((await approve('杨政批〔2025〕7号', 9.9)).status).toBe(200);
    expect((await approve('杨政批〔2025〕8号', 10)).status).toBe(200);

    const [below, serious] = await discReferrals(caseId, 2);
    expect(below).toMatchObject({ id: `${caseId}.disc-approval-1`, to: 'disc', state: 'drafted' });
    expect(below!.reason).toContain('below the serious threshold');
    expect(below!.reason).not.toContain('情节严重');
    expect(serious).toMatchObject({
      id: `${caseId}.disc-approval-2`,
      to: 'disc',
      state: 'drafted',
      ruleId: 'accountability.illegal-approval.pbf',
    });
    expect(serious!.reason).toContain('情节严重');
    expect(serious!.reason).toContain('杨政批〔2025〕8号');

    const events = await eventually('both approvals and both drafts on the audit timeline', async () => {
      const list = await timelineWith(caseId, [
        'enforcement.IllegalApprovalRecorded',
        'referral.ReferralDrafted',
      ]);
      const count = (name: string) => list.filter((e) => e.name === name).length;
      return count('IllegalApprovalRecorded') === 2 && count('ReferralDrafted') === 2 ? list : undefined;
    });
    expect(
      events
        .filter((e) => e.name === 'ReferralDrafted')
        .map((e) => e.data.referralId)
        .sort(),
    ).toEqual([`${caseId}.disc-approval-1`, `${caseId}.disc-approval-2`]);
    const state = await stateAfter(caseId, events);
    expect(state.services.enforcement).toMatchObject({ aggregate: 'enforcementCase', notApplied: [] });
    expect(Object.keys(state.services.referral).sort()).toEqual([
      `${caseId}.disc-approval-1`,
      `${caseId}.disc-approval-2`,
    ]);
  });
});

describe('a procuratorial recommendation on a case', () => {
  it('is told by the audit through the recommendation machine, beside the case', async () => {
    const caseId = await openCase();
    const issued = await http('POST', '/referral/recommendations', {
      token: await token('proc'),
      body: {
        caseId,
        to: 'nrb',
        divisionCode: '141181',
        content: '依法拆除违法建筑，恢复耕地原状',
        harmGrowing: true,
        documents: [{ kind: 'recommendation', ref: '汾检行建〔2026〕3号' }],
      },
    });
    expect(issued.status).toBe(201);
    const recommendationId = issued.body.id as string;

    const events = await timelineWith(caseId, ['enforcement.CaseOpened', 'referral.RecommendationIssued']);
    const state = await stateAfter(caseId, events);
    expect(state.services.recommendation).toEqual({
      [recommendationId]: expect.objectContaining({
        aggregate: 'recommendation',
        state: 'awaitingUrgentReply',
        notApplied: [],
      }),
    });
    expect(state.services.referral).toEqual({});
    expect(state.services.enforcement).toMatchObject({ aggregate: 'enforcementCase', state: 'opened' });
    expect(replayRow(state, events, 'recommendation')).toMatch(/^recommendation \S+\s+awaitingUrgentReply /);
  });
});

describe('a historical batch to be demolished and restored', () => {
  it('opens a remediation for its clue, and the audit folds the batch through the batch machine', async () => {
    const clueId = await verifiedClue('141181', {
      verdict: 'historical',
      areaMu: 3.2,
      landClass: 'farmland',
      ongoing: false,
      occupiedSince: '1995-06-01',
    });
    const opened = await http('POST', '/detection/historical-batches', {
      token: await token('nrb', ['officer', 'head']),
      body: {
        divisionCode: '141181',
        clueIds: [clueId],
        disposition: 'demolish_restore',
        dueBy: '2026-09-30T18:00:00+08:00',
      },
    });
    expect(opened.status).toBe(201);
    const batchId = opened.body.id as string;

    const nrb = await token('nrb');
    const remediation = await eventually('the remediation opened', async () => {
      const res = await http('GET', `/remediation/cases/${clueId}`, { token: nrb });
      return res.status === 200 ? res.body : undefined;
    });
    expect(remediation).toMatchObject({ caseId: clueId, areaMu: 3.2, measures: ['demolish', 'restore'] });
    expect(Date.parse(remediation.dueBy)).toBe(Date.parse('2026-09-30T18:00:00+08:00'));

    const batchEvents = await timelineWith(batchId, ['detection.HistoricalBatchOpened']);
    const batch = await stateAfter(batchId, batchEvents);
    expect(batch.services.detection).toMatchObject({
      aggregate: 'historicalBatch',
      state: 'open',
      notApplied: [],
      producedBy: { event: 'HistoricalBatchOpened' },
    });
    const clue = await stateAfter(
      clueId,
      await timelineWith(clueId, ['detection.HistoricalBatched', 'remediation.RemediationOpened']),
    );
    expect(clue.services.detection).toMatchObject({ aggregate: 'clue', state: 'verified.batched' });
    expect(clue.services.remediation).toMatchObject({ aggregate: 'remediation', notApplied: [] });

    const row = replayRow(batch, batchEvents, 'detection');
    expect(row).toContain('open');
    expect(row).toContain('HistoricalBatchOpened');
    expect(row).not.toContain('not applied');
    const verified = await verifiesOffline(batchId);
    expect(verified.exit).toBe(0);
    expect(verified.printed).toMatch(new RegExp(`^valid: .*: ${batchEvents.length} entries chained`));
  });
});

describe('a historical batch settled by the acceptance of its land', () => {
  it('settles the clue when the bureau and agriculture accept the restored land, and the head then completes the batch', async () => {
    const clueId = await verifiedClue('141181', {
      verdict: 'historical',
      areaMu: 2.4,
      landClass: 'farmland',
      ongoing: false,
      occupiedSince: '1996-03-01',
    });
    const head = await token('nrb', ['officer', 'head']);
    const opened = await http('POST', '/detection/historical-batches', {
      token: head,
      body: {
        divisionCode: '141181',
        clueIds: [clueId],
        disposition: 'demolish_restore',
        dueBy: '2026-09-30T18:00:00+08:00',
      },
    });
    expect(opened.status).toBe(201);
    const batchId = opened.body.id as string;
    const nrb = await token('nrb');
    await eventually('the remediation opened', async () => {
      const res = await http('GET', `/remediation/cases/${clueId}`, { token: nrb });
      return res.status === 200 ? true : undefined;
    });
    // By hand: refused, the land decides.
    const byHand = await http('POST', `/detection/clues/${clueId}/historical-outcome`, {
      token: nrb,
      body: { note: 'demolished' },
    });
    expect(byHand.status).toBe(422);
    expect(byHand.body.rule).toMatchObject({ id: 'historical.settled-by-acceptance' });
    const early = await http('POST', `/detection/historical-batches/${batchId}/completion`, { token: head });
    expect(early.status).toBe(422);
    expect(early.body.openClues).toEqual([clueId]);

    const gov = await token('gov');
    for (const step of ['demolished', 'recultivated']) {
      const res = await http('POST', `/remediation/cases/${clueId}/progress`, {
        token: gov,
        body: { step, observedAt: '2026-03-04T10:00:00+08:00', evidence: [] },
      });
      expect(res.status, step).toBe(200);
    }
    for (const agency of ['nrb', 'agri']) {
      const res = await http('POST', `/remediation/cases/${clueId}/acceptance`, {
        token: await token(agency),
        body: { passed: true, note: 'fit for cultivation' },
      });
      expect(res.status, agency).toBe(200);
    }
    await eventually('the batch counts the clue settled', async () => {
      const res = await http('GET', `/detection/historical-batches/${batchId}`, { token: nrb });
      return res.body.progress?.settled === 1 ? true : undefined;
    });
    const clue = await http('GET', `/detection/clues/${clueId}`, { token: nrb });
    expect(clue.body).toMatchObject({
      state: 'verified.settled',
      historical: { batchId, settled: { settledAt: NOW.toISOString() } },
    });
    const completed = await http('POST', `/detection/historical-batches/${batchId}/completion`, {
      token: head,
    });
    expect(completed.status).toBe(200);
    expect(completed.body.state).toBe('completed');
  });
});

describe('the annual assessment of a division', () => {
  it('drafts a disc referral for a share at 15%, and the audit folds the assessment through its own machine', async () => {
    const division = '141182';
    // 6 mu of PBF illegally occupied in 2026 against 40 mu of farmland taken: exactly 15%.
    await verifiedClue(division, illegal(6));
    const nrb = await token('nrb', ['officer'], division);
    await eventually('the statistics to count the verdict', async () => {
      const res = await http(
        'GET',
        `/enforcement/statistics?divisionCode=${division}&from=2026-01&to=2026-12`,
        {
          token: nrb,
        },
      );
      return res.body?.total?.illegalAreaMuByLandClass?.pbf === 6;
    });
    const assessed = await http('POST', '/enforcement/assessments', {
      token: await token('nrb', ['officer', 'head'], `${division.slice(0, 4)}00`),
      body: {
        divisionCode: division,
        year: 2026,
        newConstructionFarmlandMu: 40,
        surveyRef: 'LUCS-2026-141182',
      },
    });
    expect(assessed.status).toBe(201);
    const assessmentId = `assessment-${division}-2026`;
    expect(assessed.body).toMatchObject({ caseId: assessmentId });

    const [referral] = await discReferrals(assessmentId, 1, division);
    expect(referral).toMatchObject({
      id: `${assessmentId}.disc`,
      from: 'nrb',
      to: 'disc',
      state: 'drafted',
      ruleId: 'accountability.division-share',
    });

    const events = await timelineWith(assessmentId, [
      'enforcement.AssessmentRecorded',
      'referral.ReferralDrafted',
    ]);
    const state = await stateAfter(assessmentId, events);
    expect(state.services.enforcement).toMatchObject({
      aggregate: 'divisionAssessment',
      state: 'assessed',
      notApplied: [],
    });
    expect(state.services.referral[`${assessmentId}.disc`]).toMatchObject({ state: 'drafted' });
    expect(replayRow(state, events, 'enforcement')).toContain('assessed');
    const verified = await verifiesOffline(assessmentId);
    expect(verified.exit).toBe(0);
    expect(verified.printed).toMatch(new RegExp(`^valid: .*: ${events.length} entries chained`));
  });
});
