import { topicOf } from '@landcase/contracts';
import {
  divisionLevels,
  evolve,
  type ListStanding,
  listStanding,
  partiesAudience,
  recommendationMachine,
  stateString,
} from '@landcase/lifecycle';
import type { Doc } from '@landcase/readmodels';
import { listDueFields, type NextDueFields, project, type ServiceContext } from '@landcase/service-kit';
import {
  type RecommendationFields,
  recommendationFields,
  recommendationStreamId,
} from '../recommendation.ts';

/** The read model behind the recommendation list: one document per recommendation. */
export const RECOMMENDATIONS_COLLECTION = 'referral.recommendations';

/**
 * Beside the recommendation's fields, what the list filters on as it does for referrals: the
 * addressee while its reply is outstanding (`awaiting`), whether the reply deadline of its state
 * was missed (`overdue`), the levels of its division (`divisionLevels`) and who may see it (`audience`).
 */
export type RecommendationDoc = Doc &
  RecommendationFields &
  ListStanding &
  NextDueFields & { state: string; revision: number; divisionLevels: string[]; audience: string[] };

// Rebuilt from the recommendation's own stream, as the referral documents are: redelivered or
// out-of-order messages cannot leave it wrong, and the stream revision is its version.
export async function rebuildRecommendationDoc(ctx: ServiceContext, recommendationId: string): Promise<void> {
  const events = await ctx.store.readStream(recommendationStreamId(recommendationId));
  const fields = recommendationFields(events);
  const last = events[events.length - 1];
  if (!fields || !last) return;
  const snapshot = evolve(
    recommendationMachine,
    events.map((e) => ({ type: e.type, data: e.data })),
  );
  const doc: RecommendationDoc = {
    ...fields,
    id: recommendationId,
    state: stateString(snapshot),
    revision: last.revision,
    ...listStanding(recommendationMachine, snapshot, events),
    ...listDueFields(ctx, recommendationMachine, events, snapshot),
    divisionLevels: divisionLevels(fields.divisionCode),
    audience: partiesAudience(fields.from, fields.to),
  };
  await ctx.readModels
    .collection<RecommendationDoc>(RECOMMENDATIONS_COLLECTION)
    .upsert(doc, last.revision + 1);
}

export function recommendationsProjection(ctx: ServiceContext) {
  return project(ctx, {
    name: 'recommendations',
    topics: [topicOf('referral')],
    apply: async (event) => {
      // Every event of a recommendation names it, the scheduler's included.
      const id = (event.data as { recommendationId?: unknown } | null)?.recommendationId;
      if (typeof id === 'string') await rebuildRecommendationDoc(ctx, id);
    },
  });
}
