// The kit every landcase service runs on: configuration, the HTTP app (auth, problem+json,
// health, readiness, metrics, OpenAPI), the ports, commands on event-sourced aggregates,
// projections and reactions, and the process lifecycle.

export {
  AccessDenied,
  type CheckedResource,
  checkedResource,
  enforce,
  guarded,
  installAccessPolicy,
  type Naming,
  namedDivision,
  type PolicedRoute,
  requireAccess,
  UnknownCase,
  visibleFilter,
} from './access.ts';
export { BODY_LIMIT, type CreateAppOptions, createApp, type LandcaseApp } from './app.ts';
export {
  installAuth,
  isPublicPath,
  mintToken,
  requireAgency,
  requireRole,
  type SigningSettings,
  type TokenVerifier,
  testToken,
  tokenVerifier,
  type VerifySettings,
  verifyToken,
} from './auth.ts';
export {
  type Aggregate,
  aggregateResponseSchema,
  type CommandOptions,
  type CommandResult,
  type DecidedEvent,
  etagOf,
  executeCommand,
  type Folded,
  foldStream,
  ifMatchAccepts,
  loadAggregate,
  machineVersionOf,
  replyAggregate,
  type SnapshotPolicy,
  type ViewFold,
} from './command.ts';
export { type CommandOffer, CommandsAllowedSchema, commandsAllowed } from './commands-allowed.ts';
export {
  CONFIG_VARIABLES,
  type Config,
  ConfigError,
  DEV_JWT_SECRET,
  LOG_LEVELS,
  type LogLevel,
  loadConfig,
  usesDevelopmentSecret,
} from './config.ts';
export {
  type ProjectionOptions,
  project,
  type ReactionOptions,
  react,
  subscriptionsOf,
} from './consumers.ts';
export {
  type Clock,
  createContext,
  type Running,
  rulesOf,
  type ServiceContext,
  type ServiceModule,
  systemClock,
} from './context.ts';
export { CalendarFallbacks, calendarFallbacks } from './deadlines/calendar-fallback.ts';
export {
  DEADLINES_COLLECTION,
  type DeadlineDoc,
  DeadlineIndex,
  type DeadlineIndexOptions,
  UNINDEXED_DEADLINES_COLLECTION,
} from './deadlines/deadline-index.ts';
export { type DeadlineRun, DeadlinesRunSchema, deadlinesRun } from './deadlines/deadlines-run.ts';
export {
  aggregateDue,
  DEFAULT_DUE_SOON_WORKING_DAYS,
  DUE_ORDER_FIELD,
  type Due,
  type DueReading,
  DueSchema,
  dueOf,
  dueOrderOf,
  dueReading,
  dueSoonRange,
  listDueFields,
  type NextDue,
  type NextDueFields,
  NextDueSchemaFields,
  NO_DUE_ORDER,
  nextDueFields,
  nextDueOf,
  nextDueOfStream,
  readCalendar,
  streamAfter,
} from './deadlines/due.ts';
export { dueRungs, missedEvents, nextRungOf, raisedRungs } from './deadlines/escalation-ladder.ts';
export {
  ESCALATIONS_COLLECTION,
  type EscalationDoc,
  type EscalationsOptions,
  escalationDocId,
  escalationsFor,
} from './deadlines/escalations.ts';
export { EscalationsQuery, escalationsRoute } from './deadlines/escalations-route.ts';
export {
  type DeadlineDerivation,
  type OpenDeadline,
  openDeadlines,
  runningDeadlines,
  type StreamDeadline,
  type StreamEvent,
  streamDeadlines,
} from './deadlines/open-deadlines.ts';
export {
  type DeadlineScheduler,
  type DeadlineSchedulerOptions,
  type EscalationReport,
  type MissedReport,
  startDeadlineScheduler,
  type TickReport,
} from './deadlines/scheduler.ts';
export { SchedulerMetrics, schedulerMetrics } from './deadlines/scheduler-metrics.ts';
export { FileDocumentStore } from './documents/file-store.ts';
export { InMemoryDocumentStore } from './documents/memory-store.ts';
export { DOCUMENTS_BUCKET, MongoDocumentStore } from './documents/mongo-store.ts';
export { openDocumentStore } from './documents/open-store.ts';
export {
  type DocumentStore,
  isSha256,
  type Sha256,
  type StoredDocument,
  sha256Of,
} from './documents/port.ts';
export {
  answerError,
  httpProblem,
  installErrorHandlers,
  PROBLEM_CONTENT_TYPE,
  problemOf,
  sendProblem,
} from './error-handler.ts';
export { keptHistory, pauseEventTypes } from './fold-history.ts';
export { IdempotencyKeyHeaders, idempotencyKeyOf, keyedId, loadOrCreate } from './idempotency.ts';
export {
  FOLD_FIELD,
  type ListFold,
  type ListFolded,
  type ListProjection,
  type ListProjectionSpec,
  listProjection,
  storedEventOf,
} from './list-projection.ts';
export {
  DUE_AT_ORDER,
  DUE_LIST_DESCRIPTION,
  ensureListIndexes,
  findPage,
  type ListFilterOptions,
  type ListPage,
  type ListQuery,
  type ListQueryOptions,
  listFilter,
  listQuerySchema,
  listResponseSchema,
} from './list-query.ts';
export { nullIfNotFound } from './not-found.ts';
export {
  documentResponses,
  PROBLEM_SCHEMA_ID,
  type ProblemStatus,
  problemStatusesOf,
} from './openapi-responses.ts';
export { StreamsReport } from './ops-streams.ts';
export { brokersOf, connectPorts, openBus, type Ports } from './ports.ts';
export {
  ConcurrencyConflict,
  Forbidden,
  HttpProblem,
  IllegalTransition,
  isHttpProblem,
  NotFound,
  PreconditionFailed,
  ProblemSchema,
  RuleViolation,
  StreamAlreadyExists,
  Unauthenticated,
  ValidationProblem,
} from './problems.ts';
export { RateLimited } from './rate-limit.ts';
export { checkedData, type OpenOnceOptions, openStreamOnce } from './reaction-commands.ts';
export {
  failingChecks,
  Readiness,
  type ReadinessCheck,
  type ReadinessReport,
  type ReadinessStatus,
} from './readiness.ts';
export {
  DEFAULT_RETRY_ATTEMPTS,
  isRetryableConflict,
  jitteredBackoff,
  type RetryPolicy,
  retryOnVersionConflict,
} from './retry.ts';
export { loadRuleBook, RuleOverlayFile, readRuleOverlays } from './rule-overlay-files.ts';
export { RuleSetReport, ruleSetReport } from './rules-route.ts';
export { type RunningService, type RunServiceOptions, runService, startServices } from './runtime.ts';
export { fieldErrorsOf } from './validation-errors.ts';
