import { describe, expect, it } from 'vitest';
import { loadCalendar } from './calendar/calendar.ts';
import { appealPeriodsEnd, checkCourtApplicationTiming } from './court-timing.ts';
import { RULE_SET, withOverrides } from './rules.ts';

const calendar = loadCalendar();
const decision = { measures: ['demolish', 'restore'] as const, servedAt: '2026-03-25T10:00:00+08:00' };

describe('the court application window', () => {
  it('waits for the later of the 15 days to sue a demolition order and the 60 days of reconsideration', () => {
    const end = appealPeriodsEnd(
      { decision: { ...decision, measures: [...decision.measures] }, remedies: [] },
      calendar,
    );
    expect(end).toMatchObject({
      ruleId: 'court.appeal-period.reconsideration',
      end: new Date('2026-05-25T15:59:59.999Z'),
    });
  });

  it("follows a province's rule set: with 30 days of reconsideration the 15 days end first", () => {
    const province = withOverrides(RULE_SET, {
      version: 'test',
      rules: { 'court.appeal-period.reconsideration': { value: 30, source: 'a test province' } },
    });
    const facts = {
      decision: { ...decision, measures: [...decision.measures] },
      remedies: [],
      reminderServedAt: '2026-04-01T10:00:00+08:00',
      appliedAt: '2026-04-28T10:00:00+08:00',
    };
    expect(checkCourtApplicationTiming(facts, calendar)).toMatchObject({
      ruleId: 'court.appeal-period.reconsideration',
    });
    expect(checkCourtApplicationTiming(facts, calendar, province)).toBeNull();
  });
});
