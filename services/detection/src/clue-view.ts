import { type Actor, AGENCIES, type Agency, type DetectionEvent, parseActor } from '@landcase/contracts';
import type { ExpectedRevision, RecordedEvent } from '@landcase/eventstore';
import { type ClueMachine, clueAudience, clueMachine, type ResourceFacts } from '@landcase/lifecycle';
import {
  aggregateDue,
  type Due,
  executeCommand,
  loadAggregate,
  NotFound,
  nullIfNotFound,
  replyAggregate,
  type ServiceContext,
  streamAfter,
} from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import type { SnapshotFrom } from 'xstate';
import { type ClueFields, clueFields, clueStreamId } from './clue.ts';

/** The read model of clues (one document per clue), kept by the `clues` projection. */
export const CLUES_COLLECTION = 'clues';

export interface ClueView {
  caseId: string;
  snapshot: SnapshotFrom<ClueMachine>;
  revision: number;
  fields: ClueFields;
  /** Its next deadline as of the read (deadlines/due.ts in the kit), null when none runs. */
  due: Due | null;
}

/** The clue's fields from its events; NotFound when there is no clue (an empty stream). */
export function requireClue(caseId: string, events: readonly { type: string; data: unknown }[]): ClueFields {
  const fields = clueFields(events);
  if (!fields) throw new NotFound(`no clue ${caseId}`);
  return fields;
}

/** A clue as read from its stream, with the stream. */
export interface LoadedClue extends ClueView {
  events: RecordedEvent[];
}

/** The clue folded from its stream: the source of truth. NotFound when no such clue. */
export async function loadClue(ctx: ServiceContext, caseId: string): Promise<LoadedClue> {
  const { snapshot, revision, events } = await loadAggregate(ctx, {
    streamId: clueStreamId(caseId),
    machine: clueMachine,
    notFound: `no clue ${caseId}`,
  });
  const due = aggregateDue(ctx, clueMachine, events, snapshot);
  return { caseId, snapshot, revision, fields: requireClue(caseId, events), events, due };
}

/** The agency whose officer reported the clue: the actor of its first event. */
export function reporterOf(events: readonly Pick<RecordedEvent, 'metadata'>[]): Agency | undefined {
  const actor = events[0]?.metadata.actor;
  if (typeof actor !== 'string') return undefined;
  const { agency } = parseActor(actor);
  return (AGENCIES as readonly string[]).includes(agency) ? (agency as Agency) : undefined;
}

/** The clue as the access policy sees it: the division holding it, the bureau and its reporter. */
export const clueAccessFacts = (clue: LoadedClue): ResourceFacts => ({
  divisionCode: clue.fields.divisionCode,
  audience: clueAudience(reporterOf(clue.events)),
});

/** As loadClue, but null when there is none. */
export function tryLoadClue(ctx: ServiceContext, caseId: string): Promise<ClueView | null> {
  return nullIfNotFound(loadClue(ctx, caseId));
}

export interface ClueCommand {
  caseId: string;
  actor: Actor;
  /** The If-Match header as received. */
  ifMatch?: string | undefined;
  expected?: ExpectedRevision;
  requestId?: string;
  /** The stream as the access check read it, if it did: spares a second read. */
  history?: RecordedEvent[];
  /** The events to append, given the clue's stored events (empty for a new clue). */
  decide(history: RecordedEvent[]): DetectionEvent[];
}

/** Runs a command on a clue and returns the clue as this command left it. */
export async function runClueCommand(ctx: ServiceContext, command: ClueCommand): Promise<ClueView> {
  let history: RecordedEvent[] = [];
  const result = await executeCommand(ctx, {
    streamId: clueStreamId(command.caseId),
    caseId: command.caseId,
    machine: clueMachine,
    actor: command.actor,
    ifMatch: command.ifMatch,
    requestId: command.requestId,
    ...(command.expected !== undefined ? { expected: command.expected } : {}),
    ...(command.history ? { history: command.history } : {}),
    decide: (_snapshot, events) => {
      history = events;
      return command.decide(events);
    },
  });
  return {
    caseId: command.caseId,
    snapshot: result.snapshot,
    revision: result.revision,
    fields: requireClue(command.caseId, [...history, ...result.events]),
    due: aggregateDue(ctx, clueMachine, streamAfter(history, result.events), result.snapshot),
  };
}

export function replyClue(
  reply: FastifyReply,
  view: ClueView,
  status = 200,
  commandsAllowed?: readonly string[],
) {
  return replyAggregate(reply, {
    id: view.caseId,
    caseId: view.caseId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: { ...view.fields },
    due: view.due,
    ...(commandsAllowed ? { commandsAllowed } : {}),
    status,
  });
}

/** The clue a division reported under the source's reference: references are the reporting division's own. */
export async function findClueByExternalRef(
  ctx: ServiceContext,
  reportedDivisionCode: string,
  source: string,
  externalRef: string,
): Promise<string | null> {
  const [doc] = await ctx.readModels
    .collection(CLUES_COLLECTION)
    .find({ reportedDivisionCode, source, externalRef }, { limit: 1 });
  return doc ? doc.id : null;
}
