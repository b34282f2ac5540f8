// Pure domain of landcase: the case-workflow machines, the rule set and the fold of a stream.
// Depends on nothing but xstate; holds no I/O.

export {
  ASSESSMENT_AUDIENCE,
  AUDIT_RECORD_AUDIENCE,
  BUREAU_AUDIENCE,
  CASE_FILE_READERS,
  CASE_INTERNAL_FIELDS,
  type CaseParts,
  caseAudience,
  clueAudience,
  PARTY_MATCH_AUDIENCE,
  partiesAudience,
  REMEDIATION_AUDIENCE,
  type ResourceFacts,
} from './access/audience.ts';
export {
  type AccessDecision,
  authorize,
  type Caller,
  type DivisionFacts,
  maySee,
} from './access/authorize.ts';
export { isWithin, narrowerDivision, type Relation, relationOf } from './access/divisions.ts';
export {
  ACCESS_POLICY,
  ACTING_ROLES,
  type AccessKey,
  type AccessRule,
  AGENCY_LIST,
  accessRule,
  isAccessKey,
  type Resource,
  ROLES,
  type Role,
  type Scope,
  type Target,
  type Who,
} from './access/policy.ts';
export {
  type AccountabilityReferral,
  DIVISION_SHARE_RULE,
  type DivisionShareAssessment,
  divisionShareAssessment,
  type IllegalApprovalAssessment,
  INTERFERENCE_RULE,
  illegalApprovalReferral,
  illegalApprovalRuleId,
  interferenceReferral,
} from './accountability.ts';
export {
  awaitingAgencies,
  CLUE_ISSUERS,
  COMMAND_ISSUERS,
  type DeadlineStanding,
  deadlineStanding,
  ENFORCEMENT_CASE_ISSUERS,
  type Issuers,
  type IssuerTable,
  issuersOf,
  type ListStanding,
  listStanding,
  type OnRecord,
  overdueDeadlines,
  PARTY_MATCH_ISSUERS,
  RECOMMENDATION_ISSUERS,
  REFERRAL_ISSUERS,
  REMEDIATION_ISSUERS,
  unlistedEvents,
  type WhenTaken,
} from './awaiting.ts';
export {
  BusinessCalendar,
  type BusinessCalendarOptions,
  CALENDAR_YEARS,
  CalendarDataError,
  type CalendarDay,
  type CalendarFallback,
  type CalendarYear,
  type DeadlineDuration,
  type FallbackListener,
  loadCalendar,
  MissingCalendarYearError,
} from './calendar/calendar.ts';
export { chinaDateOf, endOfChinaYear } from './calendar/china-time.ts';
export { statutoryYear } from './calendar/statutory.ts';
export {
  appealPeriodsEnd,
  type CourtApplicationFacts,
  type CourtTimingViolation,
  checkCourtApplicationTiming,
  type PartyRemedy,
  reminderWaitOver,
} from './court-timing.ts';
export {
  type ActiveDeadline,
  activeDeadlines,
  type DeadlinePause,
  type DeadlineSpec,
  type MissedDeadline,
  type StateMeta,
  stateDeadlines,
} from './deadlines.ts';
export { DISCLOSURE_RULE, disclosureDue, publicPartyName } from './disclosure.ts';
export { divisionLevels, significantDivision } from './division-levels.ts';
export {
  ESCALATION_RULES,
  ESCALATION_RUNGS,
  escalationLadder,
  PUBLIC_NOTICE_ISSUER_RULE,
  PUBLIC_NOTICE_NOTIFIED_RULE,
  type RaisedEscalation,
  type RungDue,
  superiorDivisionOf,
} from './escalation.ts';
export type * from './events.ts';
export { accepts, allowedEvents, evolve, HistoryConflictError, initialOf, stateString } from './evolve.ts';
export {
  BATCH_COMPLETION_RULE,
  checkBatchCompletion,
  checkOutcomeByHand,
  SETTLED_BY_ACCEPTANCE_RULE,
  TIME_NODES_RULE,
  timeNodeClasses,
  timeNodeClassOf,
  timeNodesOf,
} from './historical.ts';
export { type ClueContext, type ClueMachine, clueMachine } from './machines/clue.ts';
export {
  type AssessmentRecordedData,
  assessmentIdOf,
  type DivisionAssessmentContext,
  type DivisionAssessmentMachine,
  type DivisionAssessmentMachineEvent,
  divisionAssessmentMachine,
} from './machines/division-assessment.ts';
export {
  type EnforcementCaseContext,
  type EnforcementCaseMachine,
  enforcementCaseMachine,
  ordersRestoration,
  RESTORING_MEASURES,
} from './machines/enforcement-case.ts';
export {
  type HistoricalBatchContext,
  type HistoricalBatchMachine,
  historicalBatchMachine,
} from './machines/historical-batch.ts';
export {
  type PartyMatchContext,
  type PartyMatchMachine,
  partyMatchIdOf,
  partyMatchMachine,
} from './machines/party-match.ts';
export {
  type RecommendationContext,
  type RecommendationMachine,
  recommendationMachine,
} from './machines/recommendation.ts';
export { type ReferralContext, type ReferralMachine, referralMachine } from './machines/referral.ts';
export {
  JOINT_ACCEPTORS,
  type RemediationContext,
  type RemediationMachine,
  remediationMachine,
} from './machines/remediation.ts';
export {
  canonicalIdentifier,
  IDENTIFIER_OF_KIND,
  identifierProblem,
  normalisedName,
  residentIdCheckChar,
  strongIdentityOf,
  usccCheckChar,
} from './party-identity.ts';
export {
  baseRuleBook,
  CITY_OVERRIDABLE_RULES,
  type ResolvedRuleSet,
  RuleBook,
  type RuleLayer,
  type RuleOverlay,
  RuleOverlayError,
  RuleSetNotLoadedError,
} from './rule-overlays.ts';
export {
  type Accumulation,
  checkDecisionContents,
  checkDecisionReviews,
  checkDispatchDown,
  checkFilingAfterDiscovery,
  checkLimitation,
  checkPenaltyMeasures,
  checkReferralDocuments,
  type DeadlineUnit,
  type DecisionFacts,
  isDeadlineUnit,
  NAME_MATCH_RULE,
  nameMatchScopeOf,
  type PriorOccupation,
  type ReviewsRequired,
  RULE_SET,
  type RuleEntry,
  type RuleOverride,
  type RuleReferral,
  type RuleSet,
  type RuleUnit,
  type RuleViolationDetail,
  referralTargetsFor,
  requiredReferralDocuments,
  reviewsRequiredFor,
  ruleOf,
  withinAccumulationWindow,
  withOverrides,
} from './rules.ts';
export { LIFECYCLE_MACHINES, renderStateTable, type StateTableMachines } from './state-table.ts';
