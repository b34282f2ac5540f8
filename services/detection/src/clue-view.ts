import type { Actor, DetectionEvent } from '@landcase/contracts';
import type { ExpectedRevision, RecordedEvent } from '@landcase/eventstore';
import { type ClueMachine, clueMachine } from '@landcase/lifecycle';
import {
  executeCommand,
  loadAggregate,
  NotFound,
  nullIfNotFound,
  replyAggregate,
  type ServiceContext,
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
}

/** The clue's fields from its events; NotFound when there is no clue (an empty stream). */
export function requireClue(caseId: string, events: readonly { type: string; data: unknown }[]): ClueFields {
  const fields = clueFields(events);
  if (!fields) throw new NotFound(`no clue ${caseId}`);
  return fields;
}

/** The clue folded from its stream: the source of truth. NotFound when no such clue. */
export async function loadClue(ctx: ServiceContext, caseId: string): Promise<ClueView> {
  const { snapshot, revision, events } = await loadAggregate(ctx, {
    streamId: clueStreamId(caseId),
    machine: clueMachine,
    notFound: `no clue ${caseId}`,
  });
  return { caseId, snapshot, revision, fields: requireClue(caseId, events) };
}

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
  };
}

export function replyClue(reply: FastifyReply, view: ClueView, status = 200) {
  return replyAggregate(reply, {
    id: view.caseId,
    caseId: view.caseId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: { ...view.fields },
    status,
  });
}

export async function findClueByExternalRef(
  ctx: ServiceContext,
  source: string,
  externalRef: string,
): Promise<string | null> {
  const [doc] = await ctx.readModels.collection(CLUES_COLLECTION).find({ source, externalRef }, { limit: 1 });
  return doc ? doc.id : null;
}
