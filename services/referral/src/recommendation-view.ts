import type { Actor } from '@landcase/contracts';
import { recommendationMachine } from '@landcase/lifecycle';
import { loadAggregate, NotFound, replyAggregate, type ServiceContext } from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import { canSee } from './access.ts';
import { type RecommendationFields, recommendationFields, recommendationStreamId } from './recommendation.ts';

export interface RecommendationView {
  recommendationId: string;
  caseId: string;
  snapshot: Parameters<typeof replyAggregate>[1]['snapshot'];
  revision: number;
  fields: RecommendationFields;
}

/** The recommendation folded from its stream (the source of truth). NotFound when there is none. */
export async function loadRecommendation(
  ctx: ServiceContext,
  recommendationId: string,
): Promise<RecommendationView> {
  const { snapshot, revision, events } = await loadAggregate(ctx, {
    streamId: recommendationStreamId(recommendationId),
    machine: recommendationMachine,
  });
  const fields = recommendationFields(events);
  if (!fields) throw new NotFound(`no recommendation ${recommendationId}`);
  return { recommendationId, caseId: fields.caseId, snapshot, revision, fields };
}

/** As loadRecommendation, but one the actor neither issued nor received does not exist for them. */
export async function loadVisibleRecommendation(
  ctx: ServiceContext,
  actor: Actor,
  recommendationId: string,
): Promise<RecommendationView> {
  const view = await loadRecommendation(ctx, recommendationId);
  if (!canSee(actor, view.fields)) throw new NotFound(`no recommendation ${recommendationId}`);
  return view;
}

export function replyRecommendation(reply: FastifyReply, view: RecommendationView, status = 200) {
  return replyAggregate(reply, {
    status,
    id: view.recommendationId,
    caseId: view.caseId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: view.fields,
  });
}
