import { accepts, enforcementCaseMachine, evolve, loadCalendar } from '@landcase/lifecycle';
import { describe, expect, it } from 'vitest';
import { dueRungs, missedEvents, nextRungOf, raisedRungs } from './escalation-ladder.ts';
import type { StreamEvent } from './open-deadlines.ts';
import { caseEvents } from './test-fixtures.ts';

const calendar = loadCalendar();
const derivation = { machine: enforcementCaseMachine, calendar };
const CASE = 'LC-141181-20250301-00000011';

function stream(...events: [type: string, data: object][]): StreamEvent[] {
  return events.map(([type, data], revision) => ({
    id: `e${revision}`,
    type,
    data: data as Record<string, unknown>,
    metadata: { caseId: CASE },
    revision,
    recordedAt: '2025-06-01T00:00:00.000Z',
  }));
}
const fold = (events: StreamEvent[]) => evolve(enforcementCaseMachine, events);

const missed = (deadlineId: string, rule: string, dueAt: string) => ({
  caseId: CASE,
  deadlineId,
  state: 'x',
  dueAt,
  rule,
  source: 'x',
});
const raised = (deadlineId: string, rung: string) => ({
  caseId: CASE,
  deadlineId,
  rung,
  raisedAt: '2025-06-03T15:59:59.999Z',
  divisionCode: '141181',
  escalatedToDivisionCode: '141100',
  rule: `escalation.${rung}`,
  source: 'x',
});

const filed: [string, object][] = [
  ['CaseOpened', caseEvents.opened(CASE, '2025-02-27T09:00:00+08:00')],
  ['CaseFiled', caseEvents.filed(CASE, '2025-03-03T10:00:00+08:00')],
];
const MISSED = '2025-06-03T15:59:59.999Z';

describe('dueRungs', () => {
  it('owes nothing before the DeadlineMissed, then each rung whose instant has come', () => {
    const before = stream(...filed);
    expect(
      dueRungs(before, fold(before), 'deadline.case.decide@1', new Date('2025-09-01'), derivation),
    ).toEqual([]);
    const events = stream(...filed, [
      'DeadlineMissed',
      missed('deadline.case.decide@1', 'deadline.case.decide', MISSED),
    ]);
    const due = (now: string) =>
      dueRungs(events, fold(events), 'deadline.case.decide@1', new Date(now), derivation).map((r) => r.rung);
    expect(due(MISSED)).toEqual(['reminder']);
    expect(due('2025-06-10T15:59:59.998Z')).toEqual(['reminder']);
    expect(due('2025-06-10T15:59:59.999Z')).toEqual(['reminder', 'supervision']);
  });

  it('owes only the rungs after those raised, and none above the public notice', () => {
    const events = stream(
      ...filed,
      ['DeadlineMissed', missed('deadline.case.decide@1', 'deadline.case.decide', MISSED)],
      ['EscalationRaised', raised('deadline.case.decide@1', 'reminder')],
    );
    const now = new Date('2025-09-01');
    expect(
      dueRungs(events, fold(events), 'deadline.case.decide@1', now, derivation).map((r) => r.rung),
    ).toEqual(['supervision', 'listed_supervision', 'summons', 'public_notice']);
    expect(raisedRungs(events).get('deadline.case.decide@1')).toEqual(['reminder']);
    expect(nextRungOf(missedEvents(events).get('deadline.case.decide@1')!, 1, derivation)).toMatchObject({
      rung: 'supervision',
      dueAt: new Date('2025-06-10T15:59:59.999Z'),
    });
    expect(nextRungOf(missedEvents(events).get('deadline.case.decide@1')!, 4, derivation)).toMatchObject({
      rung: 'public_notice',
      issuedBy: ['nrb'],
      notified: ['gov', 'disc'],
    });
    expect(nextRungOf(missedEvents(events).get('deadline.case.decide@1')!, 5, derivation)).toBeNull();
  });

  it('owes nothing for an earlier run of a deadline the state carries again under a new id', () => {
    // A court application missed its ruling deadline, the court refused, the bureau applied again:
    // the state carries deadline.court.ruling again, but the missed one (@6) has ended.
    const events = stream(
      ...filed,
      ['PenaltyNoticeServed', caseEvents.notice(CASE)],
      ['HearingRecorded', caseEvents.hearing(CASE)],
      ['PenaltyDecided', caseEvents.decided(CASE, '2025-05-30T17:00:00+08:00')],
      ['ComplianceRecorded', { caseId: CASE, complied: false, observedAt: '2025-06-02T10:00:00+08:00' }],
      [
        'CourtApplicationFiled',
        {
          caseId: CASE,
          reminderServedAt: '2025-06-03T10:00:00+08:00',
          appliedAt: '2025-06-16T10:00:00+08:00',
        },
      ],
      [
        'DeadlineMissed',
        missed('deadline.court.ruling@6', 'deadline.court.ruling', '2025-07-02T15:59:59.999Z'),
      ],
      ['CourtRuled', { caseId: CASE, granted: false, rulingRef: 'R-1' }],
      [
        'CourtApplicationFiled',
        {
          caseId: CASE,
          reminderServedAt: '2025-07-10T10:00:00+08:00',
          appliedAt: '2025-07-25T10:00:00+08:00',
        },
      ],
    );
    const snapshot = fold(events);
    // The machine alone would take it: only the stream tells the two runs apart.
    expect(
      accepts(snapshot, { type: 'EscalationRaised', data: raised('deadline.court.ruling@6', 'reminder') }),
    ).toBe(true);
    expect(dueRungs(events, snapshot, 'deadline.court.ruling@6', new Date('2025-12-01'), derivation)).toEqual(
      [],
    );
  });

  it('reports to the superior of the division the case is in', () => {
    const events = stream(
      ['CaseOpened', { ...caseEvents.opened(CASE, '2025-02-27T09:00:00+08:00'), divisionCode: '110105' }],
      ['CaseFiled', { ...caseEvents.filed(CASE, '2025-03-03T10:00:00+08:00'), divisionCode: '110105' }],
      ['DeadlineMissed', missed('deadline.case.decide@1', 'deadline.case.decide', MISSED)],
    );
    expect(dueRungs(events, fold(events), 'deadline.case.decide@1', new Date(MISSED), derivation)).toEqual([
      {
        caseId: CASE,
        deadlineId: 'deadline.case.decide@1',
        rung: 'reminder',
        raisedAt: MISSED,
        divisionCode: '110105',
        // A district of Beijing answers to the municipality.
        escalatedToDivisionCode: '110000',
        rule: 'escalation.reminder',
        source: 'seed 000 §(四)',
      },
    ]);
  });
});
