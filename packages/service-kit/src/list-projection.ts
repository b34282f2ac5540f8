import { type CloudEvent, parseSequence, streamName } from '@landcase/contracts';
import type { RecordedEvent } from '@landcase/eventstore';
import { evolve, initialOf } from '@landcase/lifecycle';
import type { Doc, ReadModelStore } from '@landcase/readmodels';
import type { AnyStateMachine, SnapshotFrom } from 'xstate';
import { project } from './consumers.ts';
import type { Running, ServiceContext } from './context.ts';
import type { StreamEvent } from './deadlines/open-deadlines.ts';
import {
  type KeptMachine,
  keptHistory,
  keptMachine,
  pauseEventTypes,
  restoredMachine,
} from './fold-history.ts';
import { type RebuildableProjection, registerProjection } from './projection-rebuild.ts';

// A list document applies each event it receives to itself, as Emmett's `evolve(document, event)`:
// the fold that the next event continues from (the machine's state, the aggregate's fields and the
// few earlier events deadlines are dated by) is kept inside the document, in `_fold`, which the API
// never shows (list-query.ts leaves out every field that starts with `_`). No event re-reads its
// stream; only a gap (a document written before `_fold`, or one of its events not received) reads
// the missing events, once.

/** The field a list document keeps its fold in. */
export const FOLD_FIELD = '_fold';

/** What a list document keeps to apply its next event. */
export interface ListFold<F> {
  /** The stream revision of the last event applied. */
  revision: number;
  machine: KeptMachine;
  fields: F | null;
  /**
   * Where the document shows every field as the fold has it: their names, and `fields` is then
   * read back from the document instead of being kept twice.
   */
  fieldKeys?: string[];
  /** The events deadlines and standing are read from (see {@link keptHistory}). */
  history: StreamEvent[];
}

/** One aggregate's fold as a list document is built from it. */
export interface ListFolded<M extends AnyStateMachine, F> {
  id: string;
  revision: number;
  snapshot: SnapshotFrom<M>;
  fields: F;
  /** The first event, the last of each type, every DeadlineMissed and every pause of a deadline. */
  history: readonly StreamEvent[];
}

export interface ListProjectionSpec<M extends AnyStateMachine, F> {
  /** The projection's name; its consumer group is `<service>.<name>`. */
  name: string;
  topics: string[];
  collection: string;
  /** A stream `<service>.<aggregate>-<id>` of the context's service is document `<id>`. */
  aggregate: string;
  machine: M;
  /** One event applied to the aggregate's fields (null until the event that creates it). */
  evolveFields(fields: F | null, event: StreamEvent): F | null;
  /** The document's fields beside `id`, `revision` and the fold, from the fold. */
  document(folded: ListFolded<M, F>): Record<string, unknown>;
}

function fieldsIn<F>(doc: Doc, keys: readonly string[]): F {
  return Object.fromEntries(keys.filter((key) => key in doc).map((key) => [key, doc[key]])) as F;
}

/** The stored event a CloudEvent of this service's own topic carries: by its position, `sequence`. */
export async function storedEventOf(
  ctx: Pick<ServiceContext, 'store'>,
  event: CloudEvent,
): Promise<RecordedEvent | null> {
  const position = parseSequence((event as { sequence?: unknown }).sequence);
  if (position === null) return null;
  const [found] = await ctx.store.readAll({ fromPosition: position - 1, maxCount: 1 });
  return found && found.position === position && found.id === event.id ? found : null;
}

export interface ListProjection {
  /** Applies one stored event to its document; an event at or below the document's revision is skipped. */
  applyStored(recorded: RecordedEvent, readModels: ReadModelStore): Promise<void>;
  /** The document id of a stream, or null when the stream is not this projection's aggregate. */
  idOf(streamId: string): string | null;
  start(): Promise<Running>;
}

/**
 * A list projection: one document per aggregate of `spec.aggregate`, each event applied to the
 * fold the document holds. The document's version is its revision + 1, so a redelivered or older
 * event writes nothing.
 */
export function listProjection<M extends AnyStateMachine, F>(
  ctx: ServiceContext,
  spec: ListProjectionSpec<M, F>,
): ListProjection {
  const prefix = streamName(ctx.service, spec.aggregate, '');
  const kept = new Set(['DeadlineMissed', ...pauseEventTypes(spec.machine)]);
  const idOf = (streamId: string): string | null =>
    streamId.startsWith(prefix) ? streamId.slice(prefix.length) : null;

  const step = (fold: ListFold<F>, snapshot: SnapshotFrom<M>, event: StreamEvent) => {
    const next = evolve(spec.machine, [event], snapshot);
    return {
      snapshot: next,
      fold: {
        revision: event.revision,
        machine: keptMachine(next),
        fields: spec.evolveFields(fold.fields, event),
        history: keptHistory(fold.history, event, kept),
      },
    };
  };

  async function applyStored(recorded: RecordedEvent, readModels: ReadModelStore): Promise<void> {
    const id = idOf(recorded.streamId);
    if (id === null) return;
    const collection = readModels.collection(spec.collection);
    const doc = await collection.get(id);
    const held = doc?.[FOLD_FIELD] as ListFold<F> | undefined;
    if (held && recorded.revision <= held.revision) return;
    let fold: ListFold<F> = held
      ? { ...held, fields: held.fieldKeys ? fieldsIn(doc!, held.fieldKeys) : held.fields }
      : { revision: -1, machine: keptMachine(initialOf(spec.machine)), fields: null, history: [] };
    // The next event is applied as received; after a gap the missing ones are read, once.
    const events =
      recorded.revision === fold.revision + 1
        ? [recorded]
        : (await ctx.store.readStream(recorded.streamId, { fromRevision: fold.revision + 1 })).filter(
            (e) => e.revision <= recorded.revision,
          );
    let snapshot = restoredMachine(spec.machine, fold.machine);
    for (const event of events) ({ snapshot, fold } = step(fold, snapshot, event));
    const fields = fold.fields;
    if (fields === null) return;
    const written: Doc = {
      ...spec.document({ id, revision: fold.revision, snapshot, fields, history: fold.history }),
      id,
      revision: fold.revision,
    };
    const fieldKeys = Object.keys(fields as object);
    const shownAsIs = fieldKeys.every((key) => written[key] === (fields as Record<string, unknown>)[key]);
    const { fieldKeys: _, ...rest } = fold;
    written[FOLD_FIELD] = shownAsIs ? { ...rest, fields: null, fieldKeys } : rest;
    await collection.upsert(written, fold.revision + 1);
  }

  return {
    applyStored,
    idOf,
    start: () => {
      // Listed and rebuilt by operations (`/ops/projections`) while it runs.
      const rebuildable: RebuildableProjection = {
        name: spec.name,
        service: ctx.service,
        collection: spec.collection,
        prefix,
        applyStored,
        position: null,
      };
      registerProjection(ctx, rebuildable);
      return project(ctx, {
        name: spec.name,
        topics: spec.topics,
        apply: async (event, readModels) => {
          const recorded = await storedEventOf(ctx, event);
          if (!recorded) {
            // Not an event of this service's store (a topic shared with an older producer, say).
            ctx.log.warn(
              { id: event.id, type: event.type },
              `${spec.name}: event not found in the store; skipped`,
            );
            return;
          }
          await applyStored(recorded, readModels);
          rebuildable.position = Math.max(rebuildable.position ?? 0, recorded.position);
        },
      });
    },
  };
}
