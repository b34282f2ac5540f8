// Pure domain of landcase: the case-workflow machines, the rule set and the fold of a stream.
// Depends on nothing but xstate; holds no I/O.

export {
  BusinessCalendar,
  CALENDAR_YEARS,
  CalendarDataError,
  type CalendarDay,
  type CalendarYear,
  type DeadlineDuration,
  loadCalendar,
  MissingCalendarYearError,
} from './calendar/calendar.ts';
export { chinaDateOf } from './calendar/china-time.ts';
export {
  type ActiveDeadline,
  activeDeadlines,
  type DeadlineSpec,
  type MissedDeadline,
  type StateMeta,
} from './deadlines.ts';
export {
  ESCALATION_RULES,
  ESCALATION_RUNGS,
  escalationLadder,
  type RaisedEscalation,
  type RungDue,
  superiorDivisionOf,
} from './escalation.ts';
export type * from './events.ts';
export { accepts, allowedEvents, evolve, HistoryConflictError, initialOf, stateString } from './evolve.ts';
export { type ClueContext, type ClueMachine, clueMachine } from './machines/clue.ts';
export {
  type EnforcementCaseContext,
  type EnforcementCaseMachine,
  enforcementCaseMachine,
} from './machines/enforcement-case.ts';
export { type ReferralContext, type ReferralMachine, referralMachine } from './machines/referral.ts';
export {
  JOINT_ACCEPTORS,
  type RemediationContext,
  type RemediationMachine,
  remediationMachine,
} from './machines/remediation.ts';
export {
  checkPenaltyMeasures,
  type DeadlineUnit,
  RULE_SET,
  type RuleEntry,
  type RuleOverride,
  type RuleReferral,
  type RuleSet,
  type RuleUnit,
  type RuleViolationDetail,
  referralTargetsFor,
  ruleOf,
  withOverrides,
} from './rules.ts';
export { LIFECYCLE_MACHINES, renderStateTable, type StateTableMachines } from './state-table.ts';
