import type { CloudEvent, Subscription } from '@landcase/contracts';
import { type Delivery, runConsumer, streamMetrics, traceOf } from '@landcase/messaging';
import type { ReadModelStore } from '@landcase/readmodels';
import type { Running, ServiceContext } from './context.ts';
import { IllegalTransition, StreamAlreadyExists } from './problems.ts';

interface ConsumerTuning {
  /** Tries per message before it goes to `<topic>.dlq`. Default 5. */
  maxAttempts?: number;
  /** Pause after the first failure, doubling per attempt. Default 50 ms. */
  backoffMs?: number;
  /** Where a new group starts; default true (a new projection reads the whole history). */
  fromBeginning?: boolean;
}

export interface ProjectionOptions extends ConsumerTuning {
  /** The group is `<service>.<name>`. */
  name: string;
  topics: string[];
  /** Updates documents, typically with `collection.upsert(doc, version)` so replays are no-ops. */
  apply(event: CloudEvent, readModels: ReadModelStore, delivery: Delivery): Promise<void>;
}

export interface ReactionOptions extends ConsumerTuning {
  /** The group is `<service>.<name>`. */
  name: string;
  topics: string[];
  /** Usually turns the event into a command on this service's aggregate (executeCommand). */
  handle(event: CloudEvent, delivery: Delivery): Promise<void>;
}

const groupOf = (ctx: Pick<ServiceContext, 'service'>, name: string): string => `${ctx.service}.${name}`;

// The consumer groups each context started, for the AsyncAPI document's receive operations.
const subscriptions = new WeakMap<ServiceContext, Map<string, readonly string[]>>();

function subscribed(ctx: ServiceContext, group: string, topics: readonly string[]): void {
  const groups = subscriptions.get(ctx) ?? new Map<string, readonly string[]>();
  groups.set(group, [...topics]);
  subscriptions.set(ctx, groups);
}

/** The consumer groups (projections and reactions) started on `ctx`, with their topics. */
export function subscriptionsOf(ctx: ServiceContext): Subscription[] {
  return [...(subscriptions.get(ctx) ?? [])].map(([group, topics]) => ({
    service: ctx.service,
    group,
    topics,
  }));
}

const tuning = (o: ConsumerTuning) => ({
  ...(o.maxAttempts !== undefined ? { maxAttempts: o.maxAttempts } : {}),
  ...(o.backoffMs !== undefined ? { backoffMs: o.backoffMs } : {}),
  ...(o.fromBeginning !== undefined ? { fromBeginning: o.fromBeginning } : {}),
});

/**
 * A projection: consumer group `<service>.<name>` over `topics`, each CloudEvent handled once
 * (deduplicated by id in `readModels.seen`), failures retried, then parked on the DLQ. The store
 * position of the last event applied is its `landcase_projection_position` (and `/ops/streams`).
 */
export async function project(ctx: ServiceContext, options: ProjectionOptions): Promise<Running> {
  const groupId = groupOf(ctx, options.name);
  subscribed(ctx, groupId, options.topics);
  return runConsumer({
    bus: ctx.bus,
    groupId,
    topics: options.topics,
    seen: ctx.readModels.seen,
    logger: ctx.log.child({ projection: options.name }),
    handle: async (event, delivery) => {
      await options.apply(event, ctx.readModels, delivery);
      streamMetrics.projectionApplied(groupId, delivery);
    },
    ...tuning(options),
  });
}

/**
 * A reaction: consumer group `<service>.<name>` whose handler issues commands. An event that was
 * already acted on (redelivered before it was marked seen, or raced by another instance) finds
 * the aggregate past that point: IllegalTransition, or StreamAlreadyExists from a create expecting
 * no stream, then means "done", not "failed". Any other conflict is real work not yet done (a
 * user wrote the same stream meanwhile): commands that append to an existing stream pass `retry`
 * to executeCommand, and a conflict that outlasts it is thrown like any other error: retried with
 * the message, then parked on the DLQ with the reason.
 */
export async function react(ctx: ServiceContext, options: ReactionOptions): Promise<Running> {
  const groupId = groupOf(ctx, options.name);
  subscribed(ctx, groupId, options.topics);
  const log = ctx.log.child({ reaction: options.name });
  return runConsumer({
    bus: ctx.bus,
    groupId,
    topics: options.topics,
    seen: ctx.readModels.seen,
    logger: log,
    handle: async (event, delivery) => {
      try {
        await options.handle(event, delivery);
      } catch (error) {
        if (error instanceof IllegalTransition || error instanceof StreamAlreadyExists) {
          log.debug(
            { ...traceOf(event), id: event.id, type: event.type, reason: error.message },
            'already done; skipped',
          );
          return;
        }
        throw error;
      }
    },
    ...tuning(options),
  });
}
