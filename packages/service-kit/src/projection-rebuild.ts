import type { RecordedEvent } from '@landcase/eventstore';
import type { ReadModelStore } from '@landcase/readmodels';
import type { ServiceContext } from './context.ts';

// Blue/green rebuild of one list projection: its events are read again from the store and applied
// into a fresh generation of its collection while the current one keeps serving; once caught up
// to the store's head the generation pointer is swapped, the events stored meanwhile are applied
// too, and the old generation is dropped.

/** A list projection as operations see it (list-projection.ts registers each one). */
export interface RebuildableProjection {
  /** Its name, unique in a process (`cases`, `referrals`, ...). */
  name: string;
  service: string;
  collection: string;
  /** The stream prefix of its aggregate (`enforcement.case-`). */
  prefix: string;
  applyStored(recorded: RecordedEvent, readModels: ReadModelStore): Promise<void>;
  /** The store position of the last event the live consumer applied; null before the first. */
  position: number | null;
}

export interface RebuildProgress {
  name: string;
  generation: number;
  /** `none`: no rebuild of it ran in this process; `generation` is then the one serving. */
  state: 'none' | 'running' | 'done' | 'failed';
  /** Events applied into the new generation, of `total` (its aggregate's events when it began). */
  done: number;
  total: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** Events per second so far. */
  rate: number;
  /** Seconds left at that rate; null when unknown (nothing applied yet) or finished. */
  etaSeconds: number | null;
  error: string | null;
}

const PAGE = 500;

interface Registered {
  ctx: ServiceContext;
  projection: RebuildableProjection;
  rebuild: RebuildProgress | null;
}

const registry = new WeakMap<ServiceContext, Map<string, Registered>>();

/** Called by listProjection: the projection can be listed and rebuilt through `ctx`. */
export function registerProjection(ctx: ServiceContext, projection: RebuildableProjection): void {
  const own = registry.get(ctx) ?? new Map<string, Registered>();
  const known = own.get(projection.name);
  own.set(projection.name, { ctx, projection, rebuild: known?.rebuild ?? null });
  registry.set(ctx, own);
}

function registered(contexts: readonly ServiceContext[]): Registered[] {
  return contexts.flatMap((ctx) => [...(registry.get(ctx)?.values() ?? [])]);
}

/** The events of the projection's aggregate after `from`, counted, and the last one's position. */
async function eventsAfter(ctx: ServiceContext, prefix: string, from: number | null) {
  let position = from ?? undefined;
  let count = 0;
  for (;;) {
    const page = await ctx.store.readAll({
      ...(position !== undefined ? { fromPosition: position } : {}),
      maxCount: PAGE,
      filter: { streamPrefixes: [prefix] },
    });
    if (page.length === 0) break;
    count += page.length;
    position = page.at(-1)!.position;
    if (page.length < PAGE) break;
  }
  return { count, head: position ?? null };
}

export interface ProjectionStatus {
  name: string;
  service: string;
  collection: string;
  position: number | null;
  head: number | null;
  lag: number;
  generation: number;
  rebuilding: boolean;
}

/** Each projection's position, its aggregate's head, the events between and its generation. */
export async function projectionStatuses(contexts: readonly ServiceContext[]): Promise<ProjectionStatus[]> {
  const statuses: ProjectionStatus[] = [];
  for (const { ctx, projection, rebuild } of registered(contexts)) {
    const after = await eventsAfter(ctx, projection.prefix, projection.position);
    statuses.push({
      name: projection.name,
      service: projection.service,
      collection: projection.collection,
      position: projection.position,
      head: after.head ?? projection.position,
      lag: after.count,
      generation: await ctx.readModels.generations.current(projection.collection),
      rebuilding: rebuild?.state === 'running',
    });
  }
  return statuses.sort((a, b) => a.name.localeCompare(b.name));
}

export class UnknownProjection extends Error {}
export class RebuildRunning extends Error {}

/** The rebuild of `name` under way or last finished (state `none` when none ran in this process). */
export async function rebuildProgress(
  contexts: readonly ServiceContext[],
  name: string,
): Promise<RebuildProgress> {
  const entry = registered(contexts).find((r) => r.projection.name === name);
  if (!entry) throw new UnknownProjection(name);
  if (entry.rebuild) return withRate(entry.rebuild);
  return {
    name,
    generation: await entry.ctx.readModels.generations.current(entry.projection.collection),
    state: 'none',
    done: 0,
    total: 0,
    startedAt: null,
    finishedAt: null,
    rate: 0,
    etaSeconds: null,
    error: null,
  };
}

function withRate(progress: RebuildProgress): RebuildProgress {
  const end = progress.finishedAt ? Date.parse(progress.finishedAt) : Date.now();
  const seconds = Math.max(0.001, (end - Date.parse(progress.startedAt ?? progress.finishedAt ?? '')) / 1000);
  const rate = progress.done / seconds;
  const left = Math.max(0, progress.total - progress.done);
  return {
    ...progress,
    rate: Math.round(rate * 10) / 10,
    etaSeconds: progress.state !== 'running' ? null : rate > 0 ? Math.ceil(left / rate) : null,
  };
}

/**
 * Starts rebuilding `name` into the next generation and returns at once with its progress; the
 * rebuild runs on. RebuildRunning while one of the same projection runs; UnknownProjection.
 */
export async function startRebuild(
  contexts: readonly ServiceContext[],
  name: string,
): Promise<RebuildProgress> {
  const entry = registered(contexts).find((r) => r.projection.name === name);
  if (!entry) throw new UnknownProjection(name);
  if (entry.rebuild?.state === 'running') throw new RebuildRunning(name);
  const { ctx, projection } = entry;
  // Taken before any await, so that a second request meanwhile finds it running.
  const progress: RebuildProgress = {
    name,
    generation: 0,
    state: 'running',
    done: 0,
    total: 0,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    rate: 0,
    etaSeconds: null,
    error: null,
  };
  entry.rebuild = progress;
  try {
    progress.generation = (await ctx.readModels.generations.current(projection.collection)) + 1;
  } catch (error) {
    entry.rebuild = null;
    throw error;
  }
  const log = ctx.log.child({ projection: name, generation: progress.generation });
  void runRebuild(ctx, projection, progress).then(
    () => log.info({ events: progress.done }, 'projection rebuilt and swapped in'),
    (error: unknown) => {
      progress.state = 'failed';
      progress.error = error instanceof Error ? error.message : String(error);
      progress.finishedAt = new Date().toISOString();
      log.error({ err: error }, 'projection rebuild failed; the current generation keeps serving');
    },
  );
  return withRate(progress);
}

async function runRebuild(
  ctx: ServiceContext,
  projection: RebuildableProjection,
  progress: RebuildProgress,
): Promise<void> {
  const generations = ctx.readModels.generations;
  const previous = progress.generation - 1;
  // A rebuild given up before may have left this generation half written.
  await generations.drop(projection.collection, progress.generation);
  const target: ReadModelStore = {
    collection: (name) =>
      name === projection.collection
        ? generations.collection(name, progress.generation)
        : ctx.readModels.collection(name),
    generations,
    checkpoints: ctx.readModels.checkpoints,
    seen: ctx.readModels.seen,
    close: () => ctx.readModels.close(),
  };
  progress.total = (await eventsAfter(ctx, projection.prefix, null)).count;
  const catchUp = async (from: number | null): Promise<number | null> => {
    let position = from;
    for (;;) {
      const page = await ctx.store.readAll({
        ...(position !== null ? { fromPosition: position } : {}),
        maxCount: PAGE,
        filter: { streamPrefixes: [projection.prefix] },
      });
      for (const event of page) {
        await projection.applyStored(event, target);
        progress.done += 1;
        position = event.position;
      }
      if (page.length < PAGE) return position;
      // Let requests (and the live consumer) run between pages.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const caughtUp = await catchUp(null);
  await generations.swap(projection.collection, progress.generation);
  // What was stored while it swapped: the live consumer wrote it to the old generation.
  await catchUp(caughtUp);
  progress.total = Math.max(progress.total, progress.done);
  if (previous >= 0) await generations.drop(projection.collection, previous);
  progress.state = 'done';
  progress.finishedAt = new Date().toISOString();
}
