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
  RULE_SET,
} from '@landcase/lifecycle';
import {
  aggregateDue,
  type CommandOptions,
  type DecidedEvent,
  type Due,
  executeCommand,
  loadAggregate,
  machineVersionOf,
  NotFound,
  replyAggregate,
  type ServiceContext,
  type SnapshotPolicy,
  streamAfter,
  type ViewFold,
} from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import type { SnapshotFrom } from 'xstate';
import { type CaseFields, caseStreamId, evolveCase } from './case.ts';
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

/** The case's fields folded beside its machine, in the same pass over the stream. */
export const caseFieldsFold: ViewFold<CaseFields | null> = { initial: null, evolve: evolveCase };

/**
 * Cases are folded from their snapshot, one taken every 50 events by the commands. The version
 * names the machine's definition and the fields' fold (`fields-1`: raise it whenever evolveCase
 * changes what it makes of an event), so a snapshot of an older fold is never read back.
 */
export const CASE_SNAPSHOTS: SnapshotPolicy = {
  every: 50,
  machineVersion: machineVersionOf(enforcementCaseMachine, 'fields-1'),
  ruleSetVersion: RULE_SET.version,
};

/** The case's fields, already folded; NotFound when there is no case (an empty stream). */
export function existingCase(caseId: string, fields: CaseFields | null): CaseFields {
  if (!fields) throw new NotFound(`no enforcement case ${caseId}`);
  return fields;
}

/**
 * The case's stream from its first event. Folded from a snapshot, `events` hold only what came
 * after it, while a deadline is dated by the event that started it, which may lie before: `due`
 * then reads the stream again (a long case's read; the fold itself is still skipped).
 */
async function wholeStream(
  ctx: ServiceContext,
  caseId: string,
  events: readonly RecordedEvent[],
): Promise<readonly RecordedEvent[]> {
  if ((events[0]?.revision ?? 0) === 0) return events;
  return ctx.store.readStream(caseStreamId(caseId));
}

/** The case folded from its stream (machine and fields in one pass): the source of truth. NotFound when no such case. */
export async function loadCase(ctx: ServiceContext, caseId: string): Promise<LoadedCase> {
  const { snapshot, view, revision, events } = await loadAggregate(ctx, {
    streamId: caseStreamId(caseId),
    machine: enforcementCaseMachine,
    notFound: `no enforcement case ${caseId}`,
    view: caseFieldsFold,
    snapshots: CASE_SNAPSHOTS,
  });
  const stream = await wholeStream(ctx, caseId, events);
  const due = aggregateDue(ctx, enforcementCaseMachine, stream, snapshot);
  return { caseId, snapshot, revision, fields: existingCase(caseId, view), events, due };
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
  /** The case as the access check folded that history (loadCase): spares folding it again. */
  loaded?: CaseView;
  /**
   * The events to append, given the folded snapshot, the case's stored events after its snapshot
   * (all of them when it has none; empty before it opened) and its fields as they stand (null
   * before it opened). [] appends nothing.
   */
  decide(
    snapshot: SnapshotFrom<EnforcementCaseMachine>,
    history: RecordedEvent[],
    fields: CaseFields | null,
  ): (EnforcementEvent & Pick<DecidedEvent, 'metadata'>)[];
}

/**
 * Runs a command on a case and returns the case as this command left it (null: still none). The
 * stream is folded once (machine and fields together), or not at all when the access check's fold
 * of the same history is handed over; the reply's fields are carried forward from that fold.
 */
export async function runCaseCommand(ctx: ServiceContext, command: CaseCommandRun): Promise<CaseView | null> {
  let history: readonly RecordedEvent[] = [];
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
    ...(command.history && command.loaded
      ? {
          folded: {
            snapshot: command.loaded.snapshot,
            view: command.loaded.fields,
            revision: command.loaded.revision,
          },
        }
      : {}),
    view: caseFieldsFold,
    snapshots: CASE_SNAPSHOTS,
    decide: (snapshot, events, fields) => {
      history = events;
      return command.decide(snapshot, events, fields);
    },
  });
  const fields = result.view;
  if (!fields) return null;
  const stream = streamAfter(await wholeStream(ctx, command.caseId, history), result.events);
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
