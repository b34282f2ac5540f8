import type { BusinessCalendar } from './calendar/calendar.ts';
import type { PenaltyMeasure } from './events.ts';
import {
  isDeadlineUnit,
  RULE_SET,
  type RuleEntry,
  type RuleSet,
  type RuleViolationDetail,
  ruleOf,
} from './rules.ts';

// When the bureau may apply to the court for compulsory enforcement of its decision (Administrative
// Compulsion Law arts. 53-54): after the reminder's 10 days, after the party's periods to ask for
// reconsideration and to sue, with neither pending, and within 3 months of those periods' end.
// Pure: the calendar and the rule set are given, and the instants come from the recorded facts.

/** A remedy the party brought against the decision, with its outcome once decided. */
export interface PartyRemedy {
  kind: 'reconsideration' | 'lawsuit';
  /** When it was applied for or filed. */
  at: string;
  outcome?: { decidedAt: string; upheld: boolean };
}

export interface CourtApplicationFacts {
  decision: { measures: readonly PenaltyMeasure[]; servedAt: string };
  remedies: readonly PartyRemedy[];
  reminderServedAt: string;
  appliedAt: string;
}

/** The rule an application breaks, with the first and last instants it may be filed, where known. */
export interface CourtTimingViolation extends RuleViolationDetail {
  earliest?: string;
  latest?: string;
}

const DAY_MS = 86_400_000;

function period(ruleSet: RuleSet, id: string): RuleEntry & { value: number } {
  const entry = ruleOf(ruleSet, id);
  if (typeof entry.value !== 'number') throw new Error(`rule '${id}' holds no number`);
  return entry as RuleEntry & { value: number };
}

function endOf(calendar: BusinessCalendar, start: string, rule: RuleEntry & { value: number }): Date {
  if (!isDeadlineUnit(rule.unit) || rule.unit === 'year_end')
    throw new Error(`rule '${rule.id}' is no period (${rule.unit})`);
  return calendar.addDeadline(new Date(start), { duration: rule.value, unit: rule.unit });
}

/**
 * The first instant an application may follow the reminder: the start (00:00 China time) of the
 * 10th working day after the day it was served (`deadline.court.reminder-wait`).
 */
export function reminderWaitOver(
  reminderServedAt: string,
  calendar: BusinessCalendar,
  ruleSet: RuleSet = RULE_SET,
): { ruleId: string; source: string; earliest: Date } {
  const rule = period(ruleSet, 'deadline.court.reminder-wait');
  const lastDayEnd = endOf(calendar, reminderServedAt, rule);
  return { ruleId: rule.id, source: rule.source, earliest: new Date(lastDayEnd.getTime() + 1 - DAY_MS) };
}

/**
 * The end of the party's periods to ask for reconsideration and to sue, and the rule that sets it:
 * the later of 60 days and 6 months (15 days for a demolition order) from the decision's service,
 * or, once a remedy was decided for the penalty, from its outcome (15 days to sue after a
 * reconsideration, nothing after a judgment). Null while a remedy is pending or after one went
 * against the penalty: the violation says which.
 */
export function appealPeriodsEnd(
  facts: Pick<CourtApplicationFacts, 'decision' | 'remedies'>,
  calendar: BusinessCalendar,
  ruleSet: RuleSet = RULE_SET,
): { end: Date; ruleId: string; source: string } | CourtTimingViolation {
  const pendingRule = ruleOf(ruleSet, 'court.remedy-pending');
  const pending = facts.remedies.find((r) => r.outcome === undefined);
  if (pending) {
    return {
      ruleId: pendingRule.id,
      source: pendingRule.source,
      detail: `the party's ${pending.kind} of ${pending.at} is not yet decided: no application until it is`,
    };
  }
  const overturned = facts.remedies.find((r) => r.outcome?.upheld === false);
  if (overturned) {
    return {
      ruleId: pendingRule.id,
      source: pendingRule.source,
      detail: `the party's ${overturned.kind} annulled or changed the decision on ${overturned.outcome!.decidedAt}: nothing left to enforce`,
    };
  }
  const last = facts.remedies.at(-1);
  if (last?.kind === 'lawsuit') {
    return { end: new Date(last.outcome!.decidedAt), ruleId: pendingRule.id, source: pendingRule.source };
  }
  if (last?.kind === 'reconsideration') {
    const rule = period(ruleSet, 'court.appeal-period.lawsuit-after-reconsideration');
    return { end: endOf(calendar, last.outcome!.decidedAt, rule), ruleId: rule.id, source: rule.source };
  }
  const lawsuit = period(
    ruleSet,
    facts.decision.measures.includes('demolish')
      ? 'court.appeal-period.lawsuit-demolition'
      : 'court.appeal-period.lawsuit',
  );
  const reconsideration = period(ruleSet, 'court.appeal-period.reconsideration');
  const ends = [lawsuit, reconsideration].map((rule) => ({
    end: endOf(calendar, facts.decision.servedAt, rule),
    ruleId: rule.id,
    source: rule.source,
  }));
  return ends.reduce((a, b) => (b.end.getTime() > a.end.getTime() ? b : a));
}

/**
 * Null when the application may be filed when it says it was; otherwise the rule it breaks, with
 * the earliest (and, where the window is known, the latest) instant it could be filed.
 */
export function checkCourtApplicationTiming(
  facts: CourtApplicationFacts,
  calendar: BusinessCalendar,
  ruleSet: RuleSet = RULE_SET,
): CourtTimingViolation | null {
  const periods = appealPeriodsEnd(facts, calendar, ruleSet);
  if (!('end' in periods)) return periods;
  const applied = Date.parse(facts.appliedAt);
  const reminder = reminderWaitOver(facts.reminderServedAt, calendar, ruleSet);
  const afterPeriods = new Date(periods.end.getTime() + 1);
  const windowRule = period(ruleSet, 'court.application-window');
  const latest = endOf(calendar, periods.end.toISOString(), windowRule);
  const earliest = reminder.earliest > afterPeriods ? reminder.earliest : afterPeriods;
  const window = { earliest: earliest.toISOString(), latest: latest.toISOString() };
  if (applied < afterPeriods.getTime()) {
    return {
      ruleId: periods.ruleId,
      source: periods.source,
      ...window,
      detail: `the party's periods to ask for reconsideration or to sue run until ${periods.end.toISOString()}: no application before ${window.earliest}`,
    };
  }
  if (applied < reminder.earliest.getTime()) {
    return {
      ruleId: reminder.ruleId,
      source: reminder.source,
      ...window,
      detail: `the reminder served ${facts.reminderServedAt} leaves the party 10 days: no application before ${window.earliest}`,
    };
  }
  if (applied > latest.getTime()) {
    return {
      ruleId: windowRule.id,
      source: windowRule.source,
      ...window,
      detail: `the application is due within 3 months of the end of the party's periods (${periods.end.toISOString()}): no later than ${window.latest}`,
    };
  }
  return null;
}
