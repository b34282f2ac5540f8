import { describe, expect, it } from 'vitest';
import { caseStateAt } from './state-at.ts';
import { ledgerDocs } from './test-ledger-doc.ts';

// Ids that are not an enforcement case's: a historical batch (detection) and a division
// assessment (enforcement). The state at an instant folds them through their own machines.

const entry = ledgerDocs();

const BATCH = 'HB-141181-0001';
const CLUE_A = 'LC-141181-20260301-00000001';
const CLUE_B = 'LC-141181-20260301-00000002';
const batch = (name: string, data: Record<string, unknown>, time: string) =>
  entry('detection', BATCH, name, { batchId: BATCH, ...data }, time);
const opened = batch(
  'HistoricalBatchOpened',
  {
    divisionCode: '141181',
    timeNode: 'before-1987-01-01',
    clueIds: [CLUE_A, CLUE_B],
    disposition: 'demolish_restore',
    dueBy: '2026-06-30T23:59:59+08:00',
    openedAt: '2026-04-01T10:00:00+08:00',
  },
  '2026-04-01T02:00:00Z',
);
const settledA = batch(
  'HistoricalBatchClueSettled',
  { clueId: CLUE_A, settledAt: '2026-05-01T10:00:00+08:00' },
  '2026-05-01T02:00:00Z',
);
const batchMissed = batch(
  'DeadlineMissed',
  {
    deadlineId: 'deadline.historical.batch@0',
    state: 'underway',
    dueAt: '2026-06-30T15:59:59.000Z',
    rule: 'deadline.historical.batch',
    source: 'seed 004 §(六)2',
  },
  '2026-07-01T00:00:00Z',
);
const settledB = batch(
  'HistoricalBatchClueSettled',
  { clueId: CLUE_B, settledAt: '2026-07-02T10:00:00+08:00' },
  '2026-07-02T02:00:00Z',
);
const completed = batch(
  'HistoricalBatchCompleted',
  { completedAt: '2026-07-02T10:00:00+08:00' },
  '2026-07-02T02:00:00Z',
);

describe('state at: a historical batch', () => {
  const history = [opened, settledA, batchMissed, settledB, completed];

  it('folds the batch through the batch machine, its missed due date included', () => {
    const { detection } = caseStateAt(BATCH, history, new Date('2026-07-01T12:00:00Z')).services;
    expect(detection).toMatchObject({
      aggregate: 'historicalBatch',
      state: 'underway',
      events: 3,
      notApplied: [],
      producedBy: { event: 'DeadlineMissed' },
    });
  });

  it('shows it completed once the last clue is settled, and open before any was', () => {
    const at = (t: string) => caseStateAt(BATCH, history, new Date(t)).services.detection;
    expect(at('2026-08-01T00:00:00Z')).toMatchObject({ state: 'completed', events: 5, notApplied: [] });
    expect(at('2026-04-02T00:00:00Z')).toMatchObject({ state: 'open', events: 1 });
  });

  it('leaves a clue folded through the clue machine', () => {
    const reported = entry(
      'detection',
      CLUE_A,
      'ClueReported',
      {
        source: 'satellite',
        divisionCode: '141181',
        landClass: 'farmland',
        parcel: { type: 'Point', coordinates: [111.79, 37.26] },
        areaMu: 3.2,
        observedAt: '2026-03-01T09:00:00+08:00',
        evidence: [],
      },
      '2026-03-01T01:00:00Z',
    );
    const { detection } = caseStateAt(CLUE_A, [reported], new Date('2026-04-01T00:00:00Z')).services;
    expect(detection).toMatchObject({ aggregate: 'clue', state: 'reported', notApplied: [] });
  });
});

const ASSESSMENT = 'assessment-141181-2026';
const assessed = (newConstructionFarmlandMu: number, share: number, time: string) =>
  entry(
    'enforcement',
    ASSESSMENT,
    'AssessmentRecorded',
    {
      divisionCode: '141181',
      year: 2026,
      newConstructionFarmlandMu,
      illegalFarmlandMu: 18,
      illegalAreaMuByLandClass: { pbf: 6, farmland: 12 },
      basis: 'statistics 141181 2026',
      share,
      threshold: 0.15,
      accountable: share >= 0.15,
      ruleId: 'accountability.division-share',
      source: 'Order 15 of 2008 art. 3',
      ruleSetVersion: '2026.2',
      assessedAt: time,
    },
    time,
  );

describe('state at: a division assessment', () => {
  it('folds the assessments through the assessment machine, a corrected one applied too', () => {
    const history = [
      assessed(100, 0.18, '2026-12-20T02:00:00Z'),
      assessed(120, 0.15, '2026-12-21T02:00:00Z'),
    ];
    const { enforcement, detection } = caseStateAt(
      ASSESSMENT,
      history,
      new Date('2027-01-01T00:00:00Z'),
    ).services;
    expect(enforcement).toMatchObject({
      aggregate: 'divisionAssessment',
      state: 'assessed',
      events: 2,
      notApplied: [],
      ruleSetVersion: '2026.2',
      producedBy: { event: 'AssessmentRecorded', time: '2026-12-21T02:00:00Z' },
    });
    expect(detection).toBeNull();
  });
});
