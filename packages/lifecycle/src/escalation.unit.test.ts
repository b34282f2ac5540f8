import { describe, expect, it } from 'vitest';
import { loadCalendar, MissingCalendarYearError } from './calendar/calendar.ts';
import { ESCALATION_RULES, ESCALATION_RUNGS, escalationLadder, superiorDivisionOf } from './escalation.ts';
import { RULE_SET, ruleOf, withOverrides } from './rules.ts';

const calendar = loadCalendar();
const ladder = (missedAt: string, ruleSet = RULE_SET) =>
  escalationLadder(new Date(missedAt), calendar, ruleSet).map((r) => [r.rung, r.dueAt.toISOString()]);

describe('escalationLadder', () => {
  it('puts the reminder at the miss and counts each rung in working days from the one before', () => {
    // Missed at the end of Tuesday 3 June 2025: +5 working days, +10, +20, +20 (no holiday from
    // 23 July to 19 August).
    expect(ladder('2025-06-03T15:59:59.999Z')).toEqual([
      ['reminder', '2025-06-03T15:59:59.999Z'],
      ['supervision', '2025-06-10T15:59:59.999Z'],
      ['listed_supervision', '2025-06-24T15:59:59.999Z'],
      ['summons', '2025-07-22T15:59:59.999Z'],
      ['public_notice', '2025-08-19T15:59:59.999Z'],
    ]);
  });

  it('skips the National Day holiday and counts the adjusted working weekends', () => {
    // Missed Friday 26 Sept 2025. Supervision: Sun 28 Sept (worked), 29, 30 Sept, 9, 10 Oct.
    // Listed: Sat 11 Oct (worked), 13–17, 20–23 Oct.
    expect(ladder('2025-09-26T15:59:59.999Z').slice(1, 3)).toEqual([
      ['supervision', '2025-10-10T15:59:59.999Z'],
      ['listed_supervision', '2025-10-23T15:59:59.999Z'],
    ]);
  });

  it('names the rule and the source of every rung', () => {
    const rungs = escalationLadder(new Date('2025-06-03T15:59:59.999Z'), calendar);
    expect(rungs.map((r) => r.rung)).toEqual([...ESCALATION_RUNGS]);
    for (const r of rungs) {
      expect(r.rule).toBe(ESCALATION_RULES[r.rung]);
      expect(r.source).toBe(ruleOf(RULE_SET, r.rule).source);
    }
    expect(rungs.map((r) => r.source)).toEqual([
      'seed 000 §(四)',
      'seed 000 §(四); seed 004 §二(六)3',
      'seed 000 §(五); seed 003 §四',
      'seed 000 §(五); seed 003 §二, §八',
      'seed 000 §(五); seed 003 §二; seed 004 §二(六)3',
    ]);
  });

  it('has the public notice, the last rung, name who issues it and to whom, from the rule set', () => {
    const rungs = escalationLadder(new Date('2025-06-03T15:59:59.999Z'), calendar);
    expect(rungs.at(-1)).toMatchObject({
      rung: 'public_notice',
      issuedBy: ['nrb'],
      notified: ['gov', 'disc'],
    });
    for (const r of rungs.slice(0, -1)) expect(r).not.toHaveProperty('issuedBy');
    const province = withOverrides(RULE_SET, {
      version: 'nm-1',
      rules: {
        'escalation.public-notice': { value: 10, source: 'provincial rule' },
        'escalation.public-notice.notified': { value: ['gov'], source: 'provincial rule' },
      },
    });
    expect(escalationLadder(new Date('2025-06-03T15:59:59.999Z'), calendar, province).at(-1)).toMatchObject({
      // 10 working days after the summons of 22 July: Tuesday 5 August.
      dueAt: new Date('2025-08-05T15:59:59.999Z'),
      issuedBy: ['nrb'],
      notified: ['gov'],
    });
    const empty = withOverrides(RULE_SET, {
      version: 'bad-1',
      rules: { 'escalation.public-notice.issued-by': { value: [], source: 'a typo' } },
    });
    expect(() => escalationLadder(new Date('2025-06-03T15:59:59.999Z'), calendar, empty)).toThrow(
      /must list agencies/,
    );
  });

  it("takes the intervals from the rule set given (a province's override)", () => {
    const province = withOverrides(RULE_SET, {
      version: 'fj-1',
      rules: {
        'escalation.reminder': { value: 1, source: 'provincial rule' },
        'escalation.supervision': { value: 3, unit: 'calendar_days', source: 'provincial rule' },
      },
    });
    expect(ladder('2025-06-03T15:59:59.999Z', province).slice(0, 3)).toEqual([
      ['reminder', '2025-06-04T15:59:59.999Z'],
      // 3 calendar days end on Saturday 7 June, a rest day: the period runs to Monday 9 June.
      ['supervision', '2025-06-09T15:59:59.999Z'],
      ['listed_supervision', '2025-06-23T15:59:59.999Z'],
    ]);
  });

  it('refuses to guess a year a calendar without fallback lacks', () => {
    const strict = loadCalendar(undefined, { fallback: null });
    expect(() => escalationLadder(new Date('2028-11-20T15:59:59.999Z'), strict)).toThrow(
      MissingCalendarYearError,
    );
  });
});

describe('superiorDivisionOf', () => {
  it('climbs county → city → province', () => {
    expect(superiorDivisionOf('141181')).toBe('141100');
    expect(superiorDivisionOf('141100')).toBe('140000');
    expect(superiorDivisionOf('350102')).toBe('350100');
  });

  it('caps at the province level: nothing has a division code above it', () => {
    expect(superiorDivisionOf('140000')).toBe('140000');
    expect(superiorDivisionOf('110000')).toBe('110000');
  });

  it('sends the districts and counties of a municipality to the municipality', () => {
    expect(superiorDivisionOf('110105')).toBe('110000');
    expect(superiorDivisionOf('500240')).toBe('500000');
    expect(superiorDivisionOf('310100')).toBe('310000');
  });

  it('sends a county governed directly by its province to the province', () => {
    expect(superiorDivisionOf('429004')).toBe('420000');
    expect(superiorDivisionOf('469001')).toBe('460000');
  });

  it('sends a village to its township and a township to its county', () => {
    expect(superiorDivisionOf('141181100201')).toBe('141181100');
    expect(superiorDivisionOf('141181100')).toBe('141181');
  });

  it('refuses what is not a division code', () => {
    expect(() => superiorDivisionOf('14118')).toThrow(RangeError);
    expect(() => superiorDivisionOf('1411810')).toThrow(RangeError);
  });
});
