import type { RecordedEvent } from '@landcase/eventstore';
import { type AccessKey, recommendationMachine } from '@landcase/lifecycle';
import {
  aggregateDue,
  type CheckedResource,
  checkedResource,
  type Due,
  loadAggregate,
  NotFound,
  nullIfNotFound,
  replyAggregate,
  type ServiceContext,
} from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import { partiesFacts } from './access.ts';
import { type RecommendationFields, recommendationFields, recommendationStreamId } from './recommendation.ts';

export interface RecommendationView {
  recommendationId: string;
  caseId: string;
  snapshot: Parameters<typeof replyAggregate>[1]['snapshot'];
  revision: number;
  fields: RecommendationFields;
  /** Its next deadline as of the read (deadlines/due.ts in the kit), null when none runs. */
  due: Due | null;
}

/** The recommendation folded from its stream (the source of truth). NotFound when there is none. */
export async function loadRecommendation(
  ctx: ServiceContext,
  recommendationId: string,
): Promise<RecommendationView & { events: RecordedEvent[] }> {
  const { snapshot, revision, events } = await loadAggregate(ctx, {
    streamId: recommendationStreamId(recommendationId),
    machine: recommendationMachine,
  });
  const fields = recommendationFields(events);
  if (!fields) throw new NotFound(`no recommendation ${recommendationId}`);
  const due = aggregateDue(ctx, recommendationMachine, events, snapshot);
  return { recommendationId, caseId: fields.caseId, snapshot, revision, fields, events, due };
}

/**
 * The access check of a route on the recommendation its path names: 404 when there is none or the
 * caller neither issued nor received it, 403 when it may see but not do `key`.
 */
export const recommendationCheck = (
  ctx: ServiceContext,
  key: AccessKey,
): CheckedResource<Awaited<ReturnType<typeof loadRecommendation>>> =>
  checkedResource(
    key,
    (request) => nullIfNotFound(loadRecommendation(ctx, (request.params as { id: string }).id)),
    (recommendation) => partiesFacts(recommendation.fields),
    (request) => `recommendation ${(request.params as { id: string }).id}`,
  );

export function replyRecommendation(
  reply: FastifyReply,
  view: RecommendationView,
  status = 200,
  commandsAllowed?: readonly string[],
) {
  return replyAggregate(reply, {
    status,
    id: view.recommendationId,
    caseId: view.caseId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: view.fields,
    due: view.due,
    ...(commandsAllowed ? { commandsAllowed } : {}),
  });
}
