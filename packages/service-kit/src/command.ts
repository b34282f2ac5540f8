import { createHash } from 'node:crypto';
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
import type { AnyMachineSnapshot, AnyStateMachine, SnapshotFrom } from 'xstate';
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

/**
 * A view of an aggregate folded beside its machine from the same events (e.g. the fields a reply
 * shows): one pass over the stream gives both, and the command's new events carry both forward.
 */
export interface ViewFold<V> {
  /** The view before any event. */
  initial: V;
  /** One event applied; must not change `view` (a caller may hold it). */
  evolve(view: V, event: { type: string; data: unknown }): V;
}

/** What a stream folds to: the machine's snapshot and, with a ViewFold, the view. */
export interface Folded<M extends AnyStateMachine, V> {
  snapshot: SnapshotFrom<M>;
  view: V;
  /** The revision of the stream's last event folded in (-1: none). */
  revision: number;
}

type FoldedEvent = { type: string; data: unknown; revision?: number };

/** Folds `events` through the machine and, when given, the view; from `from` when given. */
export function foldStream<M extends AnyStateMachine, V = undefined>(
  machine: M,
  events: readonly FoldedEvent[],
  view?: ViewFold<V>,
  from?: Folded<M, V>,
): Folded<M, V> {
  const snapshot = (
    from ? evolve(machine, events, from.snapshot) : evolve(machine, events)
  ) as SnapshotFrom<M>;
  let v = (from ? from.view : view?.initial) as V;
  if (view) for (const event of events) v = view.evolve(v, event);
  const last = events.at(-1);
  const revision = last ? (last.revision ?? (from?.revision ?? -1) + events.length) : (from?.revision ?? -1);
  return { snapshot, view: v, revision };
}

/**
 * When an aggregate is folded from its stream's snapshot (EventStore.readSnapshot) instead of from
 * its first event, and when the command path writes one. A snapshot folded by another machine or
 * view (`machineVersion`) or under another rule set is ignored. With a policy, `decide` and
 * loadAggregate's `events` hold only the events after the snapshot: the view is what holds the rest.
 */
export interface SnapshotPolicy {
  /** A snapshot is written by the command whose events take the stream past a multiple of this. */
  every: number;
  /** The fold's version (machine and view): change it with either (machineVersionOf helps). */
  machineVersion: string;
  ruleSetVersion: string;
}

/**
 * A version of a machine's definition (its states, transitions, guards and actions by name), with
 * `view` naming the version of the view folded beside it: a snapshot is only ever read back by the
 * fold that wrote it.
 */
export function machineVersionOf(machine: AnyStateMachine, view = ''): string {
  const definition = JSON.stringify(machine.definition);
  return `${machine.id}:${createHash('sha256').update(definition).digest('hex').slice(0, 16)}${view ? `:${view}` : ''}`;
}

/** A fold as a snapshot keeps it: the machine's value, context and status, and the view. */
interface KeptFold {
  machine: { value: unknown; context: unknown; status: string; historyValue?: unknown };
  view: unknown;
}

function keptFold<M extends AnyStateMachine, V>(folded: Folded<M, V>): KeptFold {
  const { value, context, status, historyValue } = folded.snapshot as AnyMachineSnapshot;
  return {
    machine: { value, context, status, ...(historyValue ? { historyValue } : {}) },
    view: folded.view ?? null,
  };
}

function restoredFold<M extends AnyStateMachine, V>(
  machine: M,
  kept: KeptFold,
  revision: number,
): Folded<M, V> {
  const snapshot = (machine.resolveState as (config: unknown) => AnyMachineSnapshot)(
    kept.machine,
  ) as SnapshotFrom<M>;
  return { snapshot, view: kept.view as V, revision };
}

/**
 * Reads a stream and folds it: from its snapshot when the policy allows and the store keeps one of
 * this fold, else from the start. `events` are the events folded (after the snapshot, if any).
 */
async function readFolded<M extends AnyStateMachine, V>(
  ctx: ServiceContext,
  streamId: string,
  machine: M,
  view: ViewFold<V> | undefined,
  policy: SnapshotPolicy | undefined,
): Promise<{ folded: Folded<M, V>; events: RecordedEvent[] }> {
  const kept = policy && ctx.store.readSnapshot ? await ctx.store.readSnapshot(streamId) : undefined;
  if (
    kept &&
    kept.machineVersion === policy!.machineVersion &&
    kept.ruleSetVersion === policy!.ruleSetVersion
  ) {
    const events = await ctx.store.readStream(streamId, { fromRevision: kept.revision + 1 });
    const from = restoredFold<M, V>(machine, kept.state as KeptFold, kept.revision);
    return { folded: foldStream(machine, events, view, from), events };
  }
  const events = await ctx.store.readStream(streamId);
  return { folded: foldStream(machine, events, view), events };
}

/** After an append from `before` to `after`: a snapshot when the stream passed a multiple of `every`. */
async function maybeSnapshot<M extends AnyStateMachine, V>(
  ctx: ServiceContext,
  streamId: string,
  policy: SnapshotPolicy | undefined,
  before: number,
  folded: Folded<M, V>,
): Promise<void> {
  if (!policy || !ctx.store.writeSnapshot) return;
  const every = Math.max(1, Math.floor(policy.every));
  if (Math.floor((folded.revision + 1) / every) === Math.floor((before + 1) / every)) return;
  try {
    await ctx.store.writeSnapshot(streamId, {
      revision: folded.revision,
      machineVersion: policy.machineVersion,
      ruleSetVersion: policy.ruleSetVersion,
      state: keptFold(folded),
    });
  } catch (error) {
    // The events are stored; a snapshot is only a cache, and the next one will be taken.
    ctx.log.warn({ err: error, streamId, revision: folded.revision }, 'snapshot not written');
  }
}

export interface CommandOptions<M extends AnyStateMachine, V = undefined> {
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
  /**
   * What `history` folds to, when the caller folded it already (the access check did, with
   * loadAggregate and the same view): the command then folds nothing again. Only with `history`;
   * a retry reads the stream again and folds what it read.
   */
  folded?: Folded<M, V>;
  /** A view folded beside the machine: `decide` gets it as the stream left it, the result as the command did. */
  view?: ViewFold<V>;
  /** Fold from the stream's snapshot and write one every so many events (see SnapshotPolicy). */
  snapshots?: SnapshotPolicy;
  /**
   * The events to append, given the folded snapshot, the stream's events and the view (undefined
   * without one); [] appends nothing.
   */
  decide(
    snapshot: SnapshotFrom<M>,
    events: RecordedEvent[],
    view: V,
  ): DecidedEvent[] | Promise<DecidedEvent[]>;
}

export interface CommandResult<M extends AnyStateMachine, V = undefined> {
  /** The snapshot after the new events. */
  snapshot: SnapshotFrom<M>;
  /** The view after the new events (undefined without a ViewFold). */
  view: V;
  /** The stream's revision after the append (-1 if the stream still does not exist). */
  revision: number;
  /** The events appended by this command (ids, data, full metadata), in order. */
  events: NewEvent[];
  /** The global position of the last appended event; undefined when nothing was appended. */
  position?: number;
}

export interface Aggregate<M extends AnyStateMachine, V = undefined> {
  snapshot: SnapshotFrom<M>;
  /** The view folded beside the machine (undefined without a ViewFold). */
  view: V;
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
export async function executeCommand<M extends AnyStateMachine, V = undefined>(
  ctx: ServiceContext,
  options: CommandOptions<M, V>,
): Promise<CommandResult<M, V>> {
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

/** One read, fold, decide and append; `history` spares the read, and `folded` with it the fold. */
async function attemptCommand<M extends AnyStateMachine, V>(
  ctx: ServiceContext,
  options: CommandOptions<M, V>,
  given: RecordedEvent[] | undefined,
): Promise<CommandResult<M, V>> {
  const { streamId, caseId, machine, actor, ifMatch } = options;
  // The one fold of the stream: the caller's, when it folded this very history; else the one
  // made while reading it (from the snapshot, when there is one of this fold).
  let before: Folded<M, V>;
  let history: RecordedEvent[];
  if (given !== undefined) {
    history = given;
    before =
      given === options.history && options.folded
        ? options.folded
        : foldStream(machine, history, options.view);
  } else {
    ({ folded: before, events: history } = await readFolded(
      ctx,
      streamId,
      machine,
      options.view,
      options.snapshots,
    ));
  }
  const revision = before.revision;
  if (ifMatch !== undefined && ifMatch !== '' && !ifMatchAccepts(ifMatch, revision)) {
    throw new PreconditionFailed({ currentRevision: revision });
  }
  const decided = await options.decide(before.snapshot, history, before.view);
  let snapshot = before.snapshot;
  let view = before.view;
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
    if (options.view) view = options.view.evolve(view, machineEvent);
  }
  if (decided.length === 0) return { snapshot, view, revision, events: [] };

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
    await maybeSnapshot(ctx, streamId, options.snapshots, revision, {
      snapshot,
      view,
      revision: result.nextRevision,
    });
    return { snapshot, view, revision: result.nextRevision, events, position: result.position };
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    if (ifMatch !== undefined && ifMatch !== '')
      throw new PreconditionFailed({ currentRevision: error.actual });
    // Only a create the caller declared: an empty stream read by chance may still need the write.
    if (options.expected === 'no_stream') throw new StreamAlreadyExists(streamId);
    throw new ConcurrencyConflict(`${streamId} was changed while the command ran; read it again and retry`);
  }
}

/**
 * Reads and folds one aggregate (and its view, when given); NotFound when its stream does not
 * exist. With `snapshots`, from the stream's snapshot when there is one of this fold: `events`
 * then holds only the events after it.
 */
export async function loadAggregate<M extends AnyStateMachine, V = undefined>(
  ctx: ServiceContext,
  options: {
    streamId: string;
    machine: M;
    notFound?: string;
    view?: ViewFold<V>;
    snapshots?: SnapshotPolicy;
  },
): Promise<Aggregate<M, V>> {
  const { folded, events } = await readFolded(
    ctx,
    options.streamId,
    options.machine,
    options.view,
    options.snapshots,
  );
  if (folded.revision < 0) throw new NotFound(options.notFound ?? `${options.streamId} does not exist`);
  return { snapshot: folded.snapshot, view: folded.view, revision: folded.revision, events };
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
