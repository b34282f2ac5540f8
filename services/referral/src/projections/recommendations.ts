import { topicOf } from '@landcase/contracts';
import {
  divisionLevels,
  type ListStanding,
  listStanding,
  partiesAudience,
  recommendationMachine,
  stateString,
} from '@landcase/lifecycle';
import type { Doc } from '@landcase/readmodels';
import {
  type ListProjection,
  listDueFields,
  listProjection,
  type NextDueFields,
  type ServiceContext,
} from '@landcase/service-kit';
import { evolveRecommendation, type RecommendationFields } from '../recommendation.ts';

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

// Each event is applied to the fold the document holds (service-kit's listProjection), as the
// referral documents are; the stream revision is its version.
export function recommendationsProjection(ctx: ServiceContext): ListProjection {
  return listProjection<typeof recommendationMachine, RecommendationFields>(ctx, {
    name: 'recommendations',
    topics: [topicOf('referral')],
    collection: RECOMMENDATIONS_COLLECTION,
    aggregate: 'recommendation',
    machine: recommendationMachine,
    evolveFields: evolveRecommendation,
    document: ({ snapshot, fields, history }) => ({
      ...fields,
      state: stateString(snapshot),
      ...listStanding(recommendationMachine, snapshot, history),
      ...listDueFields(ctx, recommendationMachine, history, snapshot),
      divisionLevels: divisionLevels(fields.divisionCode),
      audience: partiesAudience(fields.from, fields.to),
    }),
  });
}
