import { topicOf } from '@landcase/contracts';
import {
  divisionLevels,
  type ListStanding,
  listStanding,
  partiesAudience,
  referralMachine,
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
import { sentTo } from '../access.ts';
import { evolveReferral, type ReferralFields } from '../referral.ts';

/** The read model behind the referral lists: one document per referral. */
export const REFERRALS_COLLECTION = 'referral.referrals';

/**
 * Beside the referral's fields: the agencies whose move it is (`awaiting`: its sender or its
 * receiver), whether a deadline of its state was missed (`overdue`) and the levels of its
 * division (`divisionLevels`, for `withinDivision`), who may see it (`audience`).
 */
export type ReferralDoc = Doc &
  ReferralFields &
  ListStanding &
  NextDueFields & { state: string; revision: number; divisionLevels: string[]; audience: string[] };

// Each event is applied to the fold the document holds (service-kit's listProjection); the stream
// revision is the document's version, so redelivered or late messages write nothing. A referral's
// documents are its stream's: an event of another stream (a recommendation, a possible same party)
// is not this list's, and a missed deadline is applied to the referral whose stream recorded it.
export function referralsProjection(ctx: ServiceContext): ListProjection {
  return listProjection<typeof referralMachine, ReferralFields>(ctx, {
    name: 'referrals',
    topics: [topicOf('referral')],
    collection: REFERRALS_COLLECTION,
    aggregate: 'referral',
    machine: referralMachine,
    evolveFields: evolveReferral,
    document: ({ snapshot, fields, history }) => ({
      ...fields,
      state: stateString(snapshot),
      ...listStanding(referralMachine, snapshot, history),
      ...listDueFields(ctx, referralMachine, history, snapshot),
      divisionLevels: divisionLevels(fields.divisionCode),
      audience: partiesAudience(fields.from, fields.to, sentTo(fields)),
    }),
  });
}
