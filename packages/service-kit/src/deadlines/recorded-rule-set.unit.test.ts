import {
  enforcementCaseMachine,
  loadCalendar,
  RULE_SET,
  RuleBook,
  type RuleOverlay,
} from '@landcase/lifecycle';
import { describe, expect, it } from 'vitest';
import { nextRungOf } from './escalation-ladder.ts';
import { openDeadlines, ruleSetOfStream } from './open-deadlines.ts';
import { caseEvents, hearingRequestMissed, type StreamStep, storedStream } from './test-fixtures.ts';

// A stream's deadlines and escalation ladder are dated by the rule set the case recorded when it
// opened, whatever overlays were loaded since.

const CASE = 'LC-150102-20250301-00000001';
const calendar = loadCalendar();
const overlay: RuleOverlay = {
  divisionPrefix: '14',
  version: '2025.1',
  effectiveFrom: '2025-01-01T00:00:00+08:00',
  source: 'a provincial notice',
  rules: {
    'deadline.case.file': { value: 15, source: 'a provincial notice §2' },
    'escalation.supervision': { value: 0, source: 'a provincial notice §3' },
  },
};
const rules = new RuleBook(RULE_SET, [overlay]);
const OVERLAID = `${RULE_SET.version}+14@2025.1`;

/** The fixtures' stream with the version its CaseOpened records replaced. */
const recording = (version: string, steps: StreamStep[]) =>
  storedStream(
    CASE,
    ...steps.map(
      ([type, data, time]): StreamStep => [
        type,
        type === 'CaseOpened' ? { ...data, ruleSetVersion: version } : data,
        time,
      ],
    ),
  );

describe('the rule set a stream recorded', () => {
  const opened = (version: string) =>
    recording(version, [['CaseOpened', caseEvents.opened(CASE, '2025-03-03T09:00:00+08:00')]]);

  it("dates the filing deadline by the overlay's 15 working days where the case recorded it", () => {
    const [filing] = openDeadlines(opened(OVERLAID), { machine: enforcementCaseMachine, calendar, rules });
    // 15 working days from Monday 3 March 2025: 4–7, 10–14, 17–21, 24 March.
    expect(filing).toMatchObject({ rule: 'deadline.case.file', source: 'a provincial notice §2' });
    expect(filing!.dueAt.toISOString()).toBe('2025-03-24T15:59:59.999Z');
  });

  it('keeps the base figures for a case that recorded the base, with the overlay loaded', () => {
    const [filing] = openDeadlines(opened(RULE_SET.version), {
      machine: enforcementCaseMachine,
      calendar,
      rules,
    });
    expect(filing!.dueAt.toISOString()).toBe('2025-03-17T15:59:59.999Z');
  });

  it("climbs the ladder the case recorded: the overlay's supervision at the reminder's instant", () => {
    const events = recording(OVERLAID, hearingRequestMissed(CASE));
    const missed = events.at(-1)!;
    const derivation = { machine: enforcementCaseMachine, calendar, rules };
    expect(nextRungOf(missed, 1, derivation, events)).toMatchObject({
      rung: 'supervision',
      dueAt: new Date('2025-03-27T15:59:59.999Z'),
    });
    const base = recording(RULE_SET.version, hearingRequestMissed(CASE));
    // The base's 5 working days after the reminder.
    expect(nextRungOf(base.at(-1)!, 1, derivation, base)?.dueAt.toISOString()).toBe(
      '2025-04-03T15:59:59.999Z',
    );
  });

  it('reads the version from the first event; a rule set given to the derivation wins; an unknown one throws', () => {
    expect(ruleSetOfStream({ rules }, undefined, opened(OVERLAID)).version).toBe(OVERLAID);
    expect(ruleSetOfStream({ rules }, undefined, []).version).toBe(RULE_SET.version);
    expect(ruleSetOfStream({ rules, ruleSet: RULE_SET }, undefined, opened(OVERLAID)).version).toBe(
      RULE_SET.version,
    );
    expect(() => ruleSetOfStream({ rules }, undefined, opened(`${RULE_SET.version}+35@2020.1`))).toThrow(
      /overlay 35@2020.1 is not loaded/,
    );
  });
});
