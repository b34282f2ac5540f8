import { describe, expect, it } from 'vitest';
import { loadCalendar } from './calendar/calendar.ts';
import { DISCLOSURE_RULE, disclosureDue, publicPartyName } from './disclosure.ts';
import { RULE_SET, ruleOf } from './rules.ts';

const calendar = loadCalendar();

describe('disclosure.penalty-decision', () => {
  it('is 7 working days, from Administrative Penalty Law art. 48 and seed 003', () => {
    const rule = ruleOf(RULE_SET, DISCLOSURE_RULE);
    expect(rule).toMatchObject({ value: 7, unit: 'working_days' });
    expect(rule.source).toContain('art. 48');
    expect(rule.source).toContain('seed 003');
  });

  it('given a decision on a Tuesday, when its disclosure is due, then 7 working days later, the weekend skipped', () => {
    // 2026-03-24 is a Tuesday: Wed 25 … Fri 27, Mon 30 … Thu 2 April is the 7th working day.
    const due = disclosureDue('2026-03-24T10:00:00+08:00', calendar);
    expect(due.at.toISOString()).toBe('2026-04-02T15:59:59.999Z');
    expect(due.ruleId).toBe(DISCLOSURE_RULE);
  });

  it('given a decision before the National Day holiday, when its disclosure is due, then the holiday is not counted', () => {
    // 2026-09-30 (Wed): 1-7 October are the holiday; the count resumes after it.
    const due = disclosureDue('2026-09-30T10:00:00+08:00', calendar);
    const days = calendar.workingDaysBetween(new Date('2026-09-30T10:00:00+08:00'), due.at);
    expect(days).toBe(7);
    expect(due.at.getTime()).toBeGreaterThan(Date.parse('2026-10-12T00:00:00+08:00'));
  });
});

describe('publicPartyName', () => {
  it('names an organization in full', () => {
    expect(publicPartyName({ name: '汾阳市兴达砖厂', kind: 'organization' })).toBe('汾阳市兴达砖厂');
  });

  it("keeps a person's first character and masks each one after it", () => {
    expect(publicPartyName({ name: '张三丰', kind: 'person' })).toBe('张**');
    expect(publicPartyName({ name: '欧阳娜娜', kind: 'person' })).toBe('欧***');
    expect(publicPartyName({ name: ' Zhang Wei ', kind: 'person' })).toBe('Z********');
  });

  it('masks a one-character name too', () => {
    expect(publicPartyName({ name: '李', kind: 'person' })).toBe('李*');
  });
});
