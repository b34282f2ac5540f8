import { enforcementCaseMachine, loadCalendar } from '@landcase/lifecycle';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { TestClock } from '../testing.ts';
import {
  aggregateDue,
  DEFAULT_DUE_SOON_WORKING_DAYS,
  DUE_ORDER_FIELD,
  type DueReading,
  dueOf,
  dueOrderOf,
  dueReading,
  dueSoonRange,
  listDueFields,
  NO_DUE_ORDER,
  nextDueFields,
  nextDueOf,
  streamAfter,
} from './due.ts';
import { openDeadlines, runningDeadlines, type StreamEvent } from './open-deadlines.ts';
import { caseEvents, hearingRequestMissed, type StreamStep, storedStream } from './test-fixtures.ts';

const calendar = loadCalendar();
const cst = (local: string) => new Date(`${local}+08:00`);
/** The end of a China date, where a deadline counted in days falls. */
const endOf = (date: string) => cst(`${date}T23:59:59.999`).toISOString();
const CASE = 'LC-141181-20250301-00000001';
const silent = pino({ level: 'silent' });

const reading = (now: string, soonWorkingDays = 2): DueReading => ({
  now: cst(now),
  calendar,
  soonWorkingDays,
});
const next = (at: string, provisional = false) => ({
  nextDueAt: at,
  nextDueRule: 'deadline.referral.police-decision',
  nextDueProvisional: provisional,
});

const stream = (...events: StreamStep[]): StreamEvent[] => storedStream(CASE, ...events);
/** A filed case served its penalty notice, whose hearing-request deadline is recorded as missed. */
const noticed = stream(...hearingRequestMissed(CASE));

describe('the next deadline of a stream', () => {
  it('is the earliest running deadline of the current state, a missed one included', () => {
    const derivation = { machine: enforcementCaseMachine, calendar };
    const running = runningDeadlines(noticed, derivation);
    expect(running.length).toBeGreaterThan(1);
    // The hearing request was missed, so it is no longer open, but the case still stands under it.
    expect(openDeadlines(noticed, derivation).map((d) => d.rule)).not.toContain(
      'deadline.case.hearing-request',
    );
    const fields = nextDueFields(noticed, derivation);
    expect(fields).toEqual({
      nextDueAt: '2025-03-27T15:59:59.999Z',
      nextDueRule: 'deadline.case.hearing-request',
      nextDueProvisional: false,
      [DUE_ORDER_FIELD]: '2025-03-27T15:59:59.999Z',
    });
    const earliest = Math.min(...running.map((d) => d.dueAt.getTime()));
    expect(new Date(fields.nextDueAt!).getTime()).toBe(earliest);
  });

  it('is none for a stream whose state carries no deadline, sorting after every instant', () => {
    expect(nextDueOf([])).toEqual({ nextDueAt: null, nextDueRule: null, nextDueProvisional: null });
    expect(nextDueFields([], { machine: enforcementCaseMachine, calendar })[DUE_ORDER_FIELD]).toBe(
      NO_DUE_ORDER,
    );
    expect(NO_DUE_ORDER > '9999-12-31T23:59:59.999Z').toBe(true);
  });

  it('has a sort key in the order of the instants, undated last', () => {
    const instants = [
      '2026-03-01T00:00:00.000Z',
      '2026-03-01T00:00:00.001Z',
      '9999-12-31T15:59:59.999Z',
      '+010000-01-01T07:00:00.000Z',
      '+020000-01-01T00:00:00.000Z',
    ];
    const keys = [...instants, null].map(dueOrderOf);
    expect([...keys].sort()).toEqual(keys);
    expect(keys.at(-1)).toBe(NO_DUE_ORDER);
  });

  it('takes the earlier of two, and the first listed on a tie', () => {
    const at = (iso: string) => new Date(iso);
    expect(
      nextDueOf([
        { rule: 'b', dueAt: at('2026-03-02T00:00:00Z'), provisional: false },
        { rule: 'a', dueAt: at('2026-03-01T00:00:00Z'), provisional: true },
        { rule: 'c', dueAt: at('2026-03-01T00:00:00Z'), provisional: false },
      ]),
    ).toEqual({ nextDueAt: '2026-03-01T00:00:00.000Z', nextDueRule: 'a', nextDueProvisional: true });
  });

  it('is none, with a warning, for a stream whose deadlines cannot be dated', () => {
    const warnings: unknown[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    // The penalty notice's hearing-request count starts on its metadata time, which is missing.
    const undated = stream(
      ['CaseOpened', caseEvents.opened(CASE, '2025-03-03T09:00:00+08:00')],
      ['CaseFiled', caseEvents.filed(CASE, '2025-03-05T10:00:00+08:00')],
      ['PenaltyNoticeServed', caseEvents.notice(CASE)],
    ).map((e) => ({ ...e, recordedAt: 'not a time' }));
    expect(listDueFields({ log }, enforcementCaseMachine, undated)).toEqual({
      nextDueAt: null,
      nextDueRule: null,
      nextDueProvisional: null,
      [DUE_ORDER_FIELD]: NO_DUE_ORDER,
    });
    expect(warnings).toHaveLength(1);
  });
});

describe('the stream after a command', () => {
  it('numbers the appended events on from what was read and dates them by their metadata time', () => {
    const [opened, filed, notice] = noticed;
    const after = streamAfter(
      [opened!, filed!],
      [{ id: 'n', type: notice!.type, data: notice!.data, metadata: { time: '2025-03-20T08:00:00.000Z' } }],
    );
    expect(after.map((e) => [e.revision, e.recordedAt])).toEqual([
      [0, opened!.recordedAt],
      [1, filed!.recordedAt],
      [2, '2025-03-20T08:00:00.000Z'],
    ]);
    // As the stream read back gives it: the hearing-request count starts on the notice's time.
    const derivation = { machine: enforcementCaseMachine, calendar };
    expect(nextDueFields(after, derivation).nextDueAt).toBe(
      nextDueFields(noticed.slice(0, 3), derivation).nextDueAt,
    );
    expect(streamAfter([], [{ id: 'a', type: 'CaseOpened', data: {}, metadata: {} }])[0]).toMatchObject({
      revision: 0,
    });
  });
});

describe('due, as of the read', () => {
  it('is soon at exactly N working days left, not at N + 1', () => {
    // Wednesday 2026-12-02: Thursday and Friday are the two working days after it.
    expect(dueOf(next(endOf('2026-12-04')), reading('2026-12-02T10:00'))).toEqual({
      at: endOf('2026-12-04'),
      rule: 'deadline.referral.police-decision',
      workingDaysLeft: 2,
      soon: true,
      overdue: false,
      provisional: false,
    });
    expect(dueOf(next(endOf('2026-12-07')), reading('2026-12-02T10:00'))).toMatchObject({
      workingDaysLeft: 3,
      soon: false,
      overdue: false,
    });
    // N is the reading's: 3 makes Monday soon, 0 only today.
    expect(dueOf(next(endOf('2026-12-07')), reading('2026-12-02T10:00', 3))?.soon).toBe(true);
    expect(dueOf(next(endOf('2026-12-03')), reading('2026-12-02T10:00', 0))?.soon).toBe(false);
    expect(dueOf(next(endOf('2026-12-02')), reading('2026-12-02T10:00', 0))).toMatchObject({
      workingDaysLeft: 0,
      soon: true,
    });
  });

  it('does not count a weekend between now and the due date', () => {
    // Friday 2026-12-04 to Tuesday 12-08: Monday and Tuesday.
    expect(dueOf(next(endOf('2026-12-08')), reading('2026-12-04T17:00'))).toMatchObject({
      workingDaysLeft: 2,
      soon: true,
    });
    // A due date on the Saturday or Sunday after: no working day left before it, still soon.
    expect(dueOf(next(endOf('2026-12-06')), reading('2026-12-04T17:00'))).toMatchObject({
      workingDaysLeft: 0,
      soon: true,
      overdue: false,
    });
  });

  it('does not count a holiday between now and the due date', () => {
    // 2026-10-01..07 is National Day; 10-08, 10-09 and Saturday 10-10 are worked.
    expect(dueOf(next(endOf('2026-10-09')), reading('2026-09-30T10:00'))).toMatchObject({
      workingDaysLeft: 2,
      soon: true,
    });
    expect(dueOf(next(endOf('2026-10-10')), reading('2026-09-30T10:00'))).toMatchObject({
      workingDaysLeft: 3,
      soon: false,
    });
  });

  it('is overdue and not soon once the due instant has passed', () => {
    expect(dueOf(next(endOf('2026-12-02')), reading('2026-12-04T09:00'))).toEqual({
      at: endOf('2026-12-02'),
      rule: 'deadline.referral.police-decision',
      workingDaysLeft: -2,
      soon: false,
      overdue: true,
      provisional: false,
    });
    // Past by an hour on the same China date: no working day left, none behind.
    const hourly = cst('2026-12-02T09:00').toISOString();
    expect(dueOf(next(hourly), reading('2026-12-02T10:00'))).toMatchObject({
      workingDaysLeft: 0,
      soon: false,
      overdue: true,
    });
    // The very instant it falls due is not past yet.
    expect(dueOf(next(hourly), reading('2026-12-02T09:00'))).toMatchObject({ overdue: false, soon: true });
  });

  it('is null without a deadline and carries provisional', () => {
    expect(dueOf(null, reading('2026-12-02T10:00'))).toBeNull();
    expect(dueOf(nextDueOf([]), reading('2026-12-02T10:00'))).toBeNull();
    expect(dueOf({ nextDueAt: 'garbage', nextDueRule: 'x' }, reading('2026-12-02T10:00'))).toBeNull();
    expect(dueOf(next(endOf('2029-01-05'), true), reading('2026-12-02T10:00'))?.provisional).toBe(true);
  });

  it('counts a date the calendar cannot (2100) by weekdays alone, provisional, and never fails', () => {
    const read = reading('2026-12-02T10:00');
    const far = dueOf(next(endOf('2100-06-30')), read);
    expect(() => calendar.workingDaysBetween(read.now, new Date(endOf('2100-06-30')))).toThrow();
    // Monday to Friday from Thursday 2026-12-03 to 2100-06-30, whole weeks and the days after them.
    const days = Math.round((Date.UTC(2100, 5, 30) - Date.UTC(2026, 11, 2)) / 86_400_000);
    expect(far).toMatchObject({ soon: false, overdue: false, provisional: true });
    expect(far!.workingDaysLeft).toBe(Math.floor(days / 7) * 5 + [0, 1, 2, 2, 2, 3, 4][days % 7]!);
    // Past year 9999 (9999-12-31T23:00-08:00, which a command's date-time allows) the instant has
    // an expanded year; it is still answered.
    const beyond = new Date('9999-12-31T23:00:00-08:00').toISOString();
    expect(beyond).toBe('+010000-01-01T07:00:00.000Z');
    expect(dueOf(next(beyond), read)).toMatchObject({ at: beyond, overdue: false, provisional: true });
    // A count the calendar can make is not provisional.
    expect(dueOf(next(endOf('2026-12-04')), read)?.provisional).toBe(false);
  });

  it('takes now from the injected clock, N from the context (default 2)', () => {
    const clock = new TestClock('2026-12-02T02:00:00.000Z');
    const ctx = { clock, log: silent };
    expect(dueReading(ctx).soonWorkingDays).toBe(DEFAULT_DUE_SOON_WORKING_DAYS);
    expect(DEFAULT_DUE_SOON_WORKING_DAYS).toBe(2);
    expect(dueOf(next(endOf('2026-12-04')), dueReading(ctx))?.soon).toBe(true);
    expect(dueOf(next(endOf('2026-12-04')), dueReading({ ...ctx, dueSoonWorkingDays: 1 }))?.soon).toBe(false);
    clock.set('2026-12-05T02:00:00.000Z');
    expect(dueOf(next(endOf('2026-12-04')), dueReading(ctx))).toMatchObject({ overdue: true, soon: false });
  });

  it('of an aggregate: the GET view of its stream', () => {
    const clock = new TestClock('2025-03-25T02:00:00.000Z');
    expect(aggregateDue({ clock, log: silent }, enforcementCaseMachine, noticed)).toMatchObject({
      at: '2025-03-27T15:59:59.999Z',
      rule: 'deadline.case.hearing-request',
      workingDaysLeft: 2,
      soon: true,
      overdue: false,
    });
    expect(aggregateDue({ clock, log: silent }, enforcementCaseMachine, [])).toBeNull();
  });
});

describe('the dueSoon range', () => {
  it('holds exactly the due instants that read as soon, hour by hour around a holiday and weekends', async () => {
    for (const now of ['2026-09-29T10:00', '2026-09-30T23:30', '2026-10-04T08:00', '2026-12-04T17:00']) {
      for (const soonWorkingDays of [0, 2, 5]) {
        const read = reading(now, soonWorkingDays);
        const docs = new InMemoryReadModelStore().collection('due');
        const soon: string[] = [];
        for (let hour = -30; hour < 24 * 21; hour += 1) {
          const at = new Date(read.now.getTime() + hour * 3_600_000 + 1).toISOString();
          await docs.upsert({ id: at, [DUE_ORDER_FIELD]: at }, 1);
          if (dueOf(next(at), read)?.soon) soon.push(at);
        }
        await docs.upsert({ id: 'undated', [DUE_ORDER_FIELD]: NO_DUE_ORDER }, 1);
        const found = await docs.find({ [DUE_ORDER_FIELD]: dueSoonRange(read) });
        expect(soon.length, `${now} N=${soonWorkingDays}`).toBeGreaterThan(0);
        expect(found.map((d) => d.id).sort(), `${now} N=${soonWorkingDays}`).toEqual(soon.sort());
      }
    }
  });
});
