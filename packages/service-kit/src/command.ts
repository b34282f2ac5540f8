import {
  type Actor,
  type EventMetadata,
  formatActor,
  loneSurrogatePath,
  schemaOf,
} from '@landcase/contracts';
import {
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@landcase/eventstore';
import { accepts, allowedEvents, evolve, stateString } from '@landcase/lifecycle';
import { type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyReply } from 'fastify';
import type { AnyStateMachine, SnapshotFrom } from 'xstate';
import { CommandsAllowedSchema } from './commands-allowed.ts';
import type { ServiceContext } from './context.ts';
import { type Due, DueSchema } from './deadlines/due.ts';
import { registerFormats } from './formats.ts';
import {
  ConcurrencyConflict,
  IllegalTransition,
  NotFound,
  PreconditionFailed,
  StreamAlreadyExists,
} from './problems.ts';
import { type RetryPolicy, retryOnVersionConflict } from './retry.ts';

registerFormats();

/** An event a command decided to append. `metadata` adds to (never replaces) what the kit writes. */
export interface DecidedEvent {
  type: string;
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface CommandOptions<M extends AnyStateMachine> {
  streamId: string;
  caseId: string;
  machine: M;
  actor: Actor;
  /** The If-Match header as received (`"3"`, `W/"3"`, `3`, a list, or `*`). */
  ifMatch?: string | number | undefined;
  /**
   * Overrides the expected revision of the append (default: the revision read, or `no_stream`).
   * An explicit `no_stream` that finds the stream there fails with StreamAlreadyExists.
   */
  expected?: ExpectedRevision;
  /**
   * When another writer changed the stream between read and append: read it again, decide again
   * and append again (`true`: the default policy). For commands the system issues (reactions, the
   * scheduler), whose decision is a function of the stream alone. A user's command does not retry,
   * with or without If-Match: the route checked access and the request against the stream it read,
   * and the expected revision is what keeps that check true at the append; the client gets 409
   * (412 with If-Match) and reads again. Refused with `ifMatch` or `expected`, which a retry would
   * have to override.
   */
  retry?: boolean | RetryPolicy;
  correlationId?: string | undefined;
  causationId?: string | undefined;
  /** Used as the correlation id when none is given (pass `request.id`). */
  requestId?: string | undefined;
  /**
   * The stream as already read (by the route's access check): spares a second read. A change made
   * since is still caught, by the append's expected revision. A retry reads the stream again.
   */
  history?: RecordedEvent[];
  /** The events to append, given the folded snapshot and the stream's events; [] appends nothing. */
  decide(snapshot: SnapshotFrom<M>, events: RecordedEvent[]): DecidedEvent[] | Promise<DecidedEvent[]>;
}

export interface CommandResult<M extends AnyStateMachine> {
  /** The snapshot after the new events. */
  snapshot: SnapshotFrom<M>;
  /** The stream's revision after the append (-1 if the stream still does not exist). */
  revision: number;
  /** The events appended by this command (ids, data, full metadata), in order. */
  events: NewEvent[];
  /** The global position of the last appended event; undefined when nothing was appended. */
  position?: number;
}

export interface Aggregate<M extends AnyStateMachine> {
  snapshot: SnapshotFrom<M>;
  /** Revision of the stream's last event (0-based): the ETag. */
  revision: number;
  events: RecordedEvent[];
}

const ETAG = /^\s*(?:W\/)?"?(-?\d+)"?\s*$/;

/**
 * Whether an If-Match value matches `revision`. Accepts `"3"`, `W/"3"`, `3`, comma lists of those
 * and `*` (matches any existing stream). Anything unparsable matches nothing, as RFC 9110 has it.
 */
export function ifMatchAccepts(ifMatch: string | number, revision: number): boolean {
  if (typeof ifMatch === 'number') return ifMatch === revision;
  return ifMatch.split(',').some((tag) => {
    if (tag.trim() === '*') return revision >= 0;
    const m = ETAG.exec(tag);
    return m !== null && Number(m[1]) === revision;
  });
}

export const etagOf = (revision: number): string => `"${revision}"`;

const revisionOf = (events: RecordedEvent[]): number => (events.length > 0 ? events.at(-1)!.revision : -1);

/**
 * An event that breaks the catalogue is a bug in the service: refuse to store it. Besides its schema,
 * every string of an event is well-formed Unicode, since the audit ledger hashes it as I-JSON.
 */
function assertCatalogued(ctx: ServiceContext, event: DecidedEvent): void {
  const illFormed = loneSurrogatePath(event.data);
  if (illFormed !== undefined) {
    throw new Error(`${ctx.service} decided a ${event.type} with a lone surrogate at ${illFormed || '/'}`);
  }
  const schema = schemaOf(ctx.service, event.type);
  if (!schema || Value.Check(schema, event.data)) return;
  const errors = [...Value.Errors(schema, event.data)].map((e) => `${e.path || '/'} ${e.message}`);
  throw new Error(`${ctx.service} decided a ${event.type} that breaks its schema: ${errors.join('; ')}`);
}

/**
 * Runs a command against one aggregate: read its stream, fold it, let `decide` choose the events,
 * check each is accepted by the machine in turn, append them at the revision read. A refused
 * command appends nothing. Concurrent writers: exactly one wins, the other gets ConcurrencyConflict
 * (PreconditionFailed if it sent If-Match, StreamAlreadyExists if it expected no stream), or with
 * `retry` tries again on what the winner left.
 */
export async function executeCommand<M extends AnyStateMachine>(
  ctx: ServiceContext,
  options: CommandOptions<M>,
): Promise<CommandResult<M>> {
  const { retry } = options;
  if (!retry) return attemptCommand(ctx, options, options.history);
  if ((options.ifMatch !== undefined && options.ifMatch !== '') || options.expected !== undefined) {
    throw new Error(`${options.streamId}: a command that retries appends at the revision it read`);
  }
  return retryOnVersionConflict(
    (attempt) => attemptCommand(ctx, options, attempt === 1 ? options.history : undefined),
    retry === true ? {} : retry,
  );
}

/** One read, decide and append; `history` spares the read. */
async function attemptCommand<M extends AnyStateMachine>(
  ctx: ServiceContext,
  options: CommandOptions<M>,
  given: RecordedEvent[] | undefined,
): Promise<CommandResult<M>> {
  const { streamId, caseId, machine, actor, ifMatch } = options;
  const history = given ?? (await ctx.store.readStream(streamId));
  const revision = revisionOf(history);
  if (ifMatch !== undefined && ifMatch !== '' && !ifMatchAccepts(ifMatch, revision)) {
    throw new PreconditionFailed({ currentRevision: revision });
  }

  const before = evolve(
    machine,
    history.map(({ type, data }) => ({ type, data })),
  ) as SnapshotFrom<M>;
  const decided = await options.decide(before, history);
  let snapshot = before;
  for (const event of decided) {
    const machineEvent = { type: event.type, data: event.data };
    if (!accepts(snapshot, machineEvent)) {
      throw new IllegalTransition({
        currentState: stateString(snapshot),
        allowedEvents: allowedEvents(machine, snapshot),
        attempted: event.type,
      });
    }
    assertCatalogued(ctx, event);
    snapshot = evolve(machine, [machineEvent], snapshot);
  }
  if (decided.length === 0) return { snapshot, revision, events: [] };

  const correlationId = options.correlationId ?? options.requestId ?? ctx.newId();
  const base: EventMetadata = {
    caseId,
    actor: formatActor(actor),
    division: actor.division,
    correlationId,
    causationId: options.causationId ?? correlationId,
    time: ctx.clock.now().toISOString(),
  };
  const events: NewEvent[] = decided.map((e) => ({
    id: ctx.newId(),
    type: e.type,
    data: e.data,
    // What decide() adds comes first so that it can never overwrite who, where and why.
    metadata: { ...e.metadata, ...base },
  }));

  const expected = options.expected ?? (revision < 0 ? 'no_stream' : revision);
  try {
    const result = await ctx.store.append(streamId, events, expected);
    return { snapshot, revision: result.nextRevision, events, position: result.position };
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    if (ifMatch !== undefined && ifMatch !== '')
      throw new PreconditionFailed({ currentRevision: error.actual });
    // Only a create the caller declared: an empty stream read by chance may still need the write.
    if (options.expected === 'no_stream') throw new StreamAlreadyExists(streamId);
    throw new ConcurrencyConflict(`${streamId} was changed while the command ran; read it again and retry`);
  }
}

/** Reads and folds one aggregate; NotFound when its stream does not exist. */
export async function loadAggregate<M extends AnyStateMachine>(
  ctx: ServiceContext,
  options: { streamId: string; machine: M; notFound?: string },
): Promise<Aggregate<M>> {
  const events = await ctx.store.readStream(options.streamId);
  if (events.length === 0) throw new NotFound(options.notFound ?? `${options.streamId} does not exist`);
  const snapshot = evolve(
    options.machine,
    events.map(({ type, data }) => ({ type, data })),
  ) as SnapshotFrom<M>;
  return { snapshot, revision: revisionOf(events), events };
}

/**
 * Sends an aggregate as `{ id, caseId, state, revision, ...fields, due }` with `ETag: "<revision>"`;
 * `due` (its next deadline as of the read, deadlines/due.ts `aggregateDue`) when given.
 */
export function replyAggregate(
  reply: FastifyReply,
  args: {
    id: string;
    caseId: string;
    snapshot: Parameters<typeof stateString>[0];
    revision: number;
    fields?: Record<string, unknown>;
    due?: Due | null;
    /** The command routes the reader may issue now (commands-allowed.ts), on a read. */
    commandsAllowed?: readonly string[];
    status?: number;
  },
): FastifyReply {
  return reply
    .status(args.status ?? 200)
    .header('etag', etagOf(args.revision))
    .send({
      id: args.id,
      caseId: args.caseId,
      state: stateString(args.snapshot),
      revision: args.revision,
      ...args.fields,
      ...(args.due !== undefined ? { due: args.due } : {}),
      ...(args.commandsAllowed !== undefined ? { commandsAllowed: args.commandsAllowed } : {}),
    });
}

/**
 * The read of one aggregate as the OpenAPI document shows it: what every one carries (`due`
 * included), beside its own fields.
 */
export function aggregateResponseSchema(
  noun: string,
  options: { commandsAllowed?: boolean; properties?: Record<string, TSchema> } = {},
) {
  return Type.Object(
    {
      id: Type.String(),
      caseId: Type.String(),
      state: Type.String({ description: `The state the ${noun} is in` }),
      revision: Type.Integer({ minimum: 0, description: 'Its stream revision, also the ETag' }),
      due: DueSchema,
      ...(options.commandsAllowed ? { commandsAllowed: CommandsAllowedSchema } : {}),
      ...options.properties,
    },
    { additionalProperties: true, description: `The ${noun}, folded from its events` },
  );
}
