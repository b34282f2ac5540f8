import {
  enforcementCaseMachine,
  loadCalendar,
  RULE_SET,
  referralMachine,
  remediationMachine,
  withOverrides,
} from '@landcase/lifecycle';
import { describe, expect, it } from 'vitest';
import { openDeadlines, type StreamEvent, streamDeadlines } from './open-deadlines.ts';
import {
  caseEvents,
  hearingRequestMissed,
  referralEvents,
  type StreamStep,
  storedStream,
} from './test-fixtures.ts';

const calendar = loadCalendar();
const CASE = 'LC-141181-20250301-00000001';
const enforcement = { machine: enforcementCaseMachine, calendar };

const stream = (...events: StreamStep[]): StreamEvent[] => storedStream(CASE, ...events);

const opened = caseEvents.opened(CASE, '2025-03-03T09:00:00+08:00', true);
const hearingMissed = hearingRequestMissed(CASE);
const summary = (found: { deadlineId: string; state: string; dueAt: Date }[]) =>
  found.map((d) => [d.deadlineId, d.state, d.dueAt.toISOString()]);

describe('openDeadlines', () => {
  it('is empty for a stream without events', () => {
    expect(openDeadlines([], enforcement)).toEqual([]);
  });

  it('keeps one deadline id while the state carrying it changes', () => {
    const first = stream(['CaseOpened', opened]);
    const later = stream(
      ['CaseOpened', opened],
      ['StopOrderServed', caseEvents.stopOrder(CASE, '2025-03-03T15:00:00+08:00')],
      ['StopConfirmed', { caseId: CASE, stopped: false, observedAt: '2025-03-04T10:00:00+08:00' }],
    );
    // 10 working days from Monday 3 March: 4–7, 10–14, 17 March.
    expect(summary(openDeadlines(first, enforcement))).toEqual([
      ['deadline.case.file@0', 'opened', '2025-03-17T15:59:59.999Z'],
    ]);
    expect(summary(openDeadlines(later, enforcement))).toEqual([
      ['deadline.case.file@0', 'obstructed', '2025-03-17T15:59:59.999Z'],
    ]);
  });

  it('lists a parent state deadline before its substate one, and dates each from its own event', () => {
    const events = stream(
      ['CaseOpened', caseEvents.opened(CASE, '2025-03-03T09:00:00+08:00')],
      ['CaseFiled', caseEvents.filed(CASE, '2025-03-05T10:00:00+08:00'), '2025-03-05T11:00:00+08:00'],
      ['PenaltyNoticeServed', caseEvents.notice(CASE), '2025-03-20T16:00:00+08:00'],
    );
    expect(openDeadlines(events, enforcement)).toEqual([
      {
        deadlineId: 'deadline.case.decide@1',
        state: 'investigation',
        rule: 'deadline.case.decide',
        source: 'Administrative Penalty Law art. 60',
        // `from: filedAt`: the filing date in the data, not when it was recorded.
        startedAt: new Date('2025-03-05T02:00:00.000Z'),
        // 5 March + 90 days = Tuesday 3 June.
        dueAt: new Date('2025-06-03T15:59:59.999Z'),
        provisional: false,
        startRevision: 1,
        startEventId: 'e1',
      },
      {
        deadlineId: 'deadline.case.hearing-request@2',
        state: 'investigation.noticed',
        rule: 'deadline.case.hearing-request',
        source: expect.stringContaining('Administrative Penalty Law'),
        // No `from`: the event's metadata time.
        startedAt: new Date('2025-03-20T08:00:00.000Z'),
        dueAt: new Date('2025-03-27T15:59:59.999Z'),
        provisional: false,
        startRevision: 2,
        startEventId: 'e2',
      },
    ]);
  });

  it('falls back to when the event was recorded when its metadata has no time', () => {
    const events = stream(['ReferralDrafted', referralEvents.drafted(CASE, `${CASE}.psb`, 'psb')]);
    expect(openDeadlines(events, { machine: referralMachine, calendar })).toEqual([
      expect.objectContaining({
        startedAt: new Date('2025-06-01T00:00:00.000Z'),
        dueAt: new Date('2025-06-04T15:59:59.999Z'),
      }),
    ]);
  });

  it('stops the clock while supplementary material is awaited, and moves the due instant on by the pause', () => {
    const REF = `${CASE}.psb`;
    const ids = { caseId: CASE, referralId: REF };
    const received: [type: string, data: object, time?: string][] = [
      ['ReferralDrafted', referralEvents.drafted(CASE, REF, 'psb')],
      ['ReferralApprovalDecided', referralEvents.approved(CASE, REF)],
      ['ReferralDispatched', { ...ids, dispatchedAt: '2025-06-02T09:00:00+08:00' }],
      ['ReferralReceived', { ...ids, receivedAt: '2025-06-03T10:00:00+08:00' }],
    ];
    const derivation = { machine: referralMachine, calendar };
    // Decide within 3 days of receipt: by the end of 6 June, China time.
    const [before] = openDeadlines(stream(...received), derivation);
    expect(before).toMatchObject({ deadlineId: 'deadline.referral.decide@3' });
    const due = before!.dueAt.getTime();

    const asked: [type: string, data: object, time?: string][] = [
      ...received,
      ['SupplementRequested', { ...ids, what: '勘测定界图', requestedAt: '2025-06-04T10:00:00+08:00' }],
    ];
    // While the material is awaited no decision period runs.
    expect(openDeadlines(stream(...asked), derivation)).toEqual([]);

    const supplied: [type: string, data: object, time?: string][] = [
      ...asked,
      [
        'SupplementProvided',
        { ...ids, documents: ['d'.repeat(64)], providedAt: '2025-06-06T16:30:00+08:00' },
      ],
    ];
    const [after] = openDeadlines(stream(...supplied), derivation);
    // The same deadline, due later by the 2 days 6.5 hours it stood still.
    expect(after).toMatchObject({ deadlineId: 'deadline.referral.decide@3', startedAt: before!.startedAt });
    expect(after!.dueAt.getTime() - due).toBe((2 * 24 + 6.5) * 3_600_000);

    // Two pauses add up; the stream's history of deadlines shows the one deadline, dated as now.
    const twice = stream(
      ...supplied,
      ['SupplementRequested', { ...ids, what: '现场照片', requestedAt: '2025-06-07T10:00:00+08:00' }],
      [
        'SupplementProvided',
        { ...ids, documents: ['d'.repeat(64)], providedAt: '2025-06-07T12:00:00+08:00' },
      ],
    );
    const [again] = openDeadlines(twice, derivation);
    expect(again!.dueAt.getTime() - due).toBe((2 * 24 + 8.5) * 3_600_000);
    const history = streamDeadlines(twice, derivation).filter((d) => d.rule === 'deadline.referral.decide');
    expect(history).toEqual([expect.objectContaining({ running: true, open: true, dueAt: again!.dueAt })]);
  });

  it('leaves out a deadline already recorded as missed, and only that one', () => {
    const events = stream(...hearingMissed);
    expect(openDeadlines(events, enforcement).map((d) => d.deadlineId)).toEqual(['deadline.case.decide@1']);
  });

  it('takes the instant from the event when the duration is 0', () => {
    const events = stream([
      'RemediationOpened',
      {
        caseId: CASE,
        divisionCode: '141181',
        landClass: 'farmland',
        areaMu: 3,
        measures: ['demolish'],
        dueBy: '2025-09-30T18:00:00+08:00',
      },
    ]);
    expect(summary(openDeadlines(events, { machine: remediationMachine, calendar }))).toEqual([
      ['deadline.remediation.due@0', 'opened', '2025-09-30T10:00:00.000Z'],
      // The end of the China year the remediation opened in (seed 003 §三), beside it.
      ['deadline.remediation.year-end@0', 'opened', '2025-12-31T15:59:59.999Z'],
    ]);
  });

  it("reads the figures from the rule set given (a province's override)", () => {
    const ruleSet = withOverrides(RULE_SET, {
      version: 'sx',
      rules: { 'deadline.case.decide': { value: 60, source: 'provincial rule' } },
    });
    const events = stream(
      ['CaseOpened', caseEvents.opened(CASE, '2025-03-03T09:00:00+08:00')],
      ['CaseFiled', caseEvents.filed(CASE, '2025-03-05T10:00:00+08:00')],
    );
    // 5 March + 60 days = Sunday 4 May, in the Labour Day holiday (1–5 May): Tuesday 6 May.
    expect(openDeadlines(events, { ...enforcement, ruleSet })).toEqual([
      expect.objectContaining({ source: 'provincial rule', dueAt: new Date('2025-05-06T15:59:59.999Z') }),
    ]);
  });

  it('refuses a deadline whose start field is missing', () => {
    const events = stream(['CaseOpened', { ...opened, discoveredAt: undefined }]);
    expect(() => openDeadlines(events, enforcement)).toThrow(
      /CaseOpened at revision 0 has no instant in data.discoveredAt/,
    );
  });
});

describe('streamDeadlines', () => {
  it('keeps the deadlines the stream has left behind, missed or not', () => {
    const events = stream(...hearingMissed, [
      'HearingRecorded',
      caseEvents.hearing(CASE),
      '2025-03-28T10:00:00+08:00',
    ]);
    expect(
      streamDeadlines(events, enforcement).map((d) => [d.deadlineId, d.state, d.open, d.missed]),
    ).toEqual([
      ['deadline.case.file@0', 'opened', false, false],
      ['deadline.case.decide@1', 'investigation', true, false],
      ['deadline.case.hearing-request@2', 'investigation.noticed', false, true],
    ]);
  });

  it('agrees with openDeadlines on what is open', () => {
    const events = stream(
      ['CaseOpened', opened],
      ['StopOrderServed', caseEvents.stopOrder(CASE, '2025-03-03T15:00:00+08:00')],
      ['StopConfirmed', { caseId: CASE, stopped: true, observedAt: '2025-03-04T10:00:00+08:00' }],
    );
    const open = streamDeadlines(events, enforcement)
      .filter((d) => d.open)
      .map(({ open: _open, missed: _missed, running: _running, ...d }) => d);
    expect(open).toEqual(openDeadlines(events, enforcement));
    expect(open.map((d) => d.state)).toEqual(['stopped']);
  });
});
