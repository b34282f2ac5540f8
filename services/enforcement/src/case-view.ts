import type { Actor, EnforcementEvent } from '@landcase/contracts';
import type { ExpectedRevision, RecordedEvent } from '@landcase/eventstore';
import {
  CASE_FILE_READERS,
  CASE_INTERNAL_FIELDS,
  type CaseParts,
  caseAudience,
  type EnforcementCaseMachine,
  enforcementCaseMachine,
  ordersRestoration,
  type ResourceFacts,
} from '@landcase/lifecycle';
import {
  aggregateDue,
  type CommandOptions,
  type DecidedEvent,
  type Due,
  executeCommand,
  loadAggregate,
  NotFound,
  replyAggregate,
  type ServiceContext,
  streamAfter,
} from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import type { SnapshotFrom } from 'xstate';
import { type CaseFields, caseFields, caseStreamId } from './case.ts';
import { addresseesOfCase } from './case-addressees.ts';
import { partyMatchesOfCase } from './party-matches.ts';

/** The read model of cases (one document per case), kept by the `cases` projection. */
export const CASES_COLLECTION = 'cases';

export interface CaseView {
  caseId: string;
  snapshot: SnapshotFrom<EnforcementCaseMachine>;
  revision: number;
  fields: CaseFields;
  /** Its next deadline as of the read (deadlines/due.ts in the kit), null when none runs. */
  due: Due | null;
}

/** A case as read from its stream, with the stream. */
export interface LoadedCase extends CaseView {
  events: RecordedEvent[];
}

/** The case's fields from its events; NotFound when there is no case (an empty stream). */
export function requireCase(caseId: string, events: readonly { type: string; data: unknown }[]): CaseFields {
  const fields = caseFields(events);
  if (!fields) throw new NotFound(`no enforcement case ${caseId}`);
  return fields;
}

/** The case folded from its stream: the source of truth. NotFound when no such case. */
export async function loadCase(ctx: ServiceContext, caseId: string): Promise<LoadedCase> {
  const { snapshot, revision, events } = await loadAggregate(ctx, {
    streamId: caseStreamId(caseId),
    machine: enforcementCaseMachine,
    notFound: `no enforcement case ${caseId}`,
  });
  const due = aggregateDue(ctx, enforcementCaseMachine, events, snapshot);
  return { caseId, snapshot, revision, fields: requireCase(caseId, events), events, due };
}

/** What of the case itself gives an agency a part in it (the addressees come from the referral service). */
export function casePartsOf(fields: CaseFields): Omit<CaseParts, 'addressed'> {
  return {
    restorationOrdered: fields.decision !== undefined && ordersRestoration(fields.decision.measures),
    courtApplied: fields.courtApplications.length > 0,
  };
}

/** The case as the access policy sees it: its division and who has a part in it. */
export async function caseAccessFacts(
  ctx: ServiceContext,
  fields: CaseFields,
  caseId: string,
): Promise<ResourceFacts> {
  const addressed = await addresseesOfCase(ctx.readModels, caseId);
  return { divisionCode: fields.divisionCode, audience: caseAudience({ ...casePartsOf(fields), addressed }) };
}

export interface CaseCommandRun {
  caseId: string;
  actor: Actor;
  /** The If-Match header as received. */
  ifMatch?: string | undefined;
  expected?: ExpectedRevision;
  /** A command of the system's: decided again on a version conflict (see executeCommand). */
  retry?: CommandOptions<EnforcementCaseMachine>['retry'];
  requestId?: string;
  correlationId?: string;
  causationId?: string;
  /** The stream as the access check read it, if it did: spares a second read. */
  history?: RecordedEvent[];
  /**
   * The events to append, given the folded snapshot and the case's stored events (empty before
   * it opened). [] appends nothing.
   */
  decide(
    snapshot: SnapshotFrom<EnforcementCaseMachine>,
    history: RecordedEvent[],
  ): (EnforcementEvent & Pick<DecidedEvent, 'metadata'>)[];
}

/** Runs a command on a case and returns the case as this command left it (null: still none). */
export async function runCaseCommand(ctx: ServiceContext, command: CaseCommandRun): Promise<CaseView | null> {
  let history: RecordedEvent[] = [];
  const result = await executeCommand(ctx, {
    streamId: caseStreamId(command.caseId),
    caseId: command.caseId,
    machine: enforcementCaseMachine,
    actor: command.actor,
    ifMatch: command.ifMatch,
    requestId: command.requestId,
    correlationId: command.correlationId,
    causationId: command.causationId,
    ...(command.expected !== undefined ? { expected: command.expected } : {}),
    ...(command.retry !== undefined ? { retry: command.retry } : {}),
    ...(command.history ? { history: command.history } : {}),
    decide: (snapshot, events) => {
      history = events;
      return command.decide(snapshot, events);
    },
  });
  const fields = caseFields([...history, ...result.events]);
  if (!fields) return null;
  const stream = streamAfter(history, result.events);
  const due = aggregateDue(ctx, enforcementCaseMachine, stream, result.snapshot);
  return { caseId: command.caseId, snapshot: result.snapshot, revision: result.revision, fields, due };
}

/**
 * The parts of the case file `reader` may see: all of it for the bureau and the auditor, without
 * the bureau's internal record for a partner agency (need-to-know).
 */
export function caseFileFor(
  reader: Actor,
  fields: CaseFields | Record<string, unknown>,
): Record<string, unknown> {
  if (CASE_FILE_READERS.includes(reader.agency)) return { ...fields };
  const shown: Record<string, unknown> = { ...fields };
  for (const field of CASE_INTERNAL_FIELDS) delete shown[field];
  return shown;
}

// A possible same party is a suspicion about a person: the bureau and auditors see it on the case.
const SEES_PARTY_MATCHES: readonly string[] = ['nrb', 'audit'];

/**
 * Sends the case as `actor` reads it: its fields, and for the bureau and auditors the possible same
 * parties the referral service raised between it and another case (`partyMatches`).
 */
export async function replyCase(
  ctx: ServiceContext,
  reply: FastifyReply,
  view: CaseView,
  reader: Actor,
  commandsAllowed?: readonly string[],
) {
  const partyMatches = SEES_PARTY_MATCHES.includes(reader.agency)
    ? { partyMatches: await partyMatchesOfCase(ctx.readModels, view.caseId) }
    : {};
  return replyAggregate(reply, {
    id: view.caseId,
    caseId: view.caseId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: { ...caseFileFor(reader, view.fields), ...partyMatches },
    due: view.due,
    ...(commandsAllowed ? { commandsAllowed } : {}),
  });
}
