import { loadCalendar } from '@landcase/lifecycle';
import { RuleViolation } from '@landcase/service-kit';
import { describe, expect, it } from 'vitest';
import { caseFields } from '../case.ts';
import { afterSteps } from '../command-test-kit.ts';
import { decideCourtApplication } from './court-application.ts';

// Given the case's history, when the bureau applies to the court, then the application is filed or
// refused by the rule it breaks, with the earliest and latest instants it could be filed.
// The decision (demolish and restore) was served on 25 March 2026: the party may sue within 15 days
// (Land Management Law art. 83) and ask for reconsideration within 60 days, so the periods end with
// 25 May (24 May is a Sunday); the 3 months after them end with 25 August.

const caseId = 'LC-141181-20260302-0000c0de';
const calendar = loadCalendar();
const actor = { sub: 'nrb-user', agency: 'nrb' as const, division: '141181', roles: ['officer'] };

type Event = { type: string; data: Record<string, unknown> };
const decided = (overrides: Record<string, unknown> = {}): Event[] => {
  const history = afterSteps(7)(caseId);
  const decision = history.at(-1)!;
  return [...history.slice(0, -1), { ...decision, data: { ...decision.data, ...overrides } }];
};
const nonCompliant = (history: Event[], observedAt = '2026-04-20T10:00:00+08:00'): Event[] => [
  ...history,
  { type: 'ComplianceRecorded', data: { caseId, complied: false, observedAt } },
];

function when(given: Event[], body: { reminderServedAt: string; appliedAt: string }) {
  return () =>
    decideCourtApplication({
      caseId,
      body,
      case: caseFields(given)!,
      now: new Date(body.appliedAt),
      calendar,
      actor,
    });
}

function refusal(run: () => unknown): RuleViolation {
  try {
    run();
  } catch (error) {
    if (error instanceof RuleViolation) return error;
    throw error;
  }
  throw new Error('the application was filed');
}

const filed = (body: { reminderServedAt: string; appliedAt: string }) => [
  { type: 'CourtApplicationFiled', data: { caseId, ...body } },
];

describe("the reminder's 10 days (Administrative Compulsion Law arts. 54, 69)", () => {
  // Served Thursday 2 July: the 10th working day after it is Thursday 16 July.
  const given = nonCompliant(decided());
  const reminderServedAt = '2026-07-02T10:00:00+08:00';

  it('refuses an application 7 days after the reminder, naming the rule and the earliest date', () => {
    const body = { reminderServedAt, appliedAt: '2026-07-09T10:00:00+08:00' };
    const { problem } = refusal(when(given, body));
    expect(problem).toMatchObject({
      status: 422,
      rule: { id: 'deadline.court.reminder-wait', source: 'Administrative Compulsion Law arts. 54, 69' },
      earliest: '2026-07-15T16:00:00.000Z',
      latest: '2026-08-25T15:59:59.999Z',
      errors: [{ path: '/appliedAt' }],
    });
  });

  it('refuses one on the 9th working day after the reminder, to its last millisecond', () => {
    const body = { reminderServedAt, appliedAt: '2026-07-15T23:59:59.999+08:00' };
    expect(refusal(when(given, body)).ruleId).toBe('deadline.court.reminder-wait');
  });

  it('files one from the start of the 10th working day after it', () => {
    const body = { reminderServedAt, appliedAt: '2026-07-16T00:00:00+08:00' };
    expect(when(given, body)()).toMatchObject(filed(body));
  });
});

describe("the party's periods and the 3 months after them (art. 53)", () => {
  it('refuses an application on the last day of the 60 days of reconsideration', () => {
    const given = nonCompliant(decided());
    const body = { reminderServedAt: '2026-05-08T10:00:00+08:00', appliedAt: '2026-05-25T18:00:00+08:00' };
    expect(refusal(when(given, body)).problem).toMatchObject({
      rule: { id: 'court.appeal-period.reconsideration' },
      earliest: '2026-05-25T16:00:00.000Z',
    });
  });

  it('files one the day after those periods end', () => {
    const given = nonCompliant(decided());
    const body = { reminderServedAt: '2026-05-08T10:00:00+08:00', appliedAt: '2026-05-26T00:00:00+08:00' };
    expect(when(given, body)()).toMatchObject(filed(body));
  });

  it('gives a decision that orders no demolition 6 months to be sued: no application before they end', () => {
    const given = nonCompliant(decided({ measures: ['confiscate', 'fine'], fineYuan: 124_000 }));
    const body = { reminderServedAt: '2026-07-02T10:00:00+08:00', appliedAt: '2026-07-20T10:00:00+08:00' };
    expect(refusal(when(given, body)).problem).toMatchObject({
      rule: { id: 'court.appeal-period.lawsuit', source: 'Administrative Litigation Law art. 46' },
      // 25 September is the Mid-Autumn Festival, then a weekend: the 6 months end with 28 September.
      earliest: '2026-09-28T16:00:00.000Z',
      latest: '2026-12-28T15:59:59.999Z',
    });
  });

  it('files one on the last day of the 3 months', () => {
    const given = nonCompliant(decided());
    const body = {
      reminderServedAt: '2026-08-01T10:00:00+08:00',
      appliedAt: '2026-08-25T23:59:59.999+08:00',
    };
    expect(when(given, body)()).toMatchObject(filed(body));
  });

  it('refuses one the day after, naming the latest date', () => {
    const given = nonCompliant(decided());
    const body = { reminderServedAt: '2026-08-01T10:00:00+08:00', appliedAt: '2026-08-26T00:00:00+08:00' };
    expect(refusal(when(given, body)).problem).toMatchObject({
      rule: { id: 'court.application-window', source: 'Administrative Compulsion Law art. 53' },
      latest: '2026-08-25T15:59:59.999Z',
    });
  });
});

describe("the party's reconsideration and lawsuit", () => {
  const body = { reminderServedAt: '2026-07-02T10:00:00+08:00', appliedAt: '2026-07-20T10:00:00+08:00' };
  const sued: Event = {
    type: 'LawsuitFiled',
    data: { caseId, filedAt: '2026-04-05T10:00:00+08:00', court: '阳城县人民法院' },
  };

  it('refuses an application while a lawsuit is pending, with no date to offer', () => {
    const given = nonCompliant([...decided(), sued]);
    const { problem } = refusal(when(given, body));
    expect(problem).toMatchObject({ status: 422, rule: { id: 'court.remedy-pending' } });
    expect(problem.detail).toContain('lawsuit');
    expect(problem).not.toHaveProperty('earliest');
  });

  it('refuses one after a judgment that annulled the decision', () => {
    const given = nonCompliant([
      ...decided(),
      sued,
      {
        type: 'LawsuitDecided',
        data: {
          caseId,
          decidedAt: '2026-06-20T10:00:00+08:00',
          upheld: false,
          judgmentRef: '(2026)晋1181行初5号',
        },
      },
    ]);
    expect(refusal(when(given, body)).ruleId).toBe('court.remedy-pending');
  });

  it('files one after a judgment for the decision, the 3 months counted from the judgment', () => {
    const judged: Event = {
      type: 'LawsuitDecided',
      data: {
        caseId,
        decidedAt: '2026-06-20T10:00:00+08:00',
        upheld: true,
        judgmentRef: '(2026)晋1181行初5号',
      },
    };
    const given = nonCompliant([...decided(), sued, judged]);
    expect(when(given, body)()).toMatchObject(filed(body));
    const late = { reminderServedAt: body.reminderServedAt, appliedAt: '2026-09-21T10:00:00+08:00' };
    // Sunday 20 September 2026 is worked (调休 for the National Day holiday): the 3 months end then.
    expect(refusal(when(given, late)).problem).toMatchObject({
      rule: { id: 'court.application-window' },
      latest: '2026-09-20T15:59:59.999Z',
    });
  });

  it('gives the party 15 days to sue after a reconsideration that upheld the decision', () => {
    const given = nonCompliant([
      ...decided(),
      {
        type: 'ReconsiderationApplied',
        data: { caseId, appliedAt: '2026-04-01T10:00:00+08:00', authority: '阳城县人民政府' },
      },
      {
        type: 'ReconsiderationDecided',
        data: {
          caseId,
          decidedAt: '2026-07-10T10:00:00+08:00',
          upheld: true,
          decisionRef: '阳政复决〔2026〕3号',
        },
      },
    ]);
    expect(refusal(when(given, body)).problem).toMatchObject({
      rule: {
        id: 'court.appeal-period.lawsuit-after-reconsideration',
        source: 'Administrative Litigation Law art. 45',
      },
      // 15 days from 10 July end on Saturday 25 July, moved to Monday 27 July.
      earliest: '2026-07-27T16:00:00.000Z',
    });
  });
});
