import { topicOf } from '@landcase/contracts';
import {
  divisionLevels,
  evolve,
  type ListStanding,
  listStanding,
  partiesAudience,
  referralMachine,
  stateString,
} from '@landcase/lifecycle';
import type { Doc } from '@landcase/readmodels';
import { listDueFields, type NextDueFields, project, type ServiceContext } from '@landcase/service-kit';
import { sentTo } from '../access.ts';
import { type ReferralFields, referralFields, referralStreamId } from '../referral.ts';

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

// Each document is rebuilt from the referral's own stream rather than patched event by event:
// the document is then a pure function of the stream, so redelivered, late or out-of-order
// messages cannot leave it wrong, and the stream revision is the document's version.
export async function rebuildReferralDoc(ctx: ServiceContext, referralId: string): Promise<void> {
  const events = await ctx.store.readStream(referralStreamId(referralId));
  const fields = referralFields(events);
  const last = events[events.length - 1];
  if (!fields || !last) return;
  const snapshot = evolve(
    referralMachine,
    events.map((e) => ({ type: e.type, data: e.data })),
  );
  const doc: ReferralDoc = {
    ...fields,
    id: referralId,
    state: stateString(snapshot),
    revision: last.revision,
    ...listStanding(referralMachine, snapshot, events),
    ...listDueFields(ctx, referralMachine, events, snapshot),
    divisionLevels: divisionLevels(fields.divisionCode),
    audience: partiesAudience(fields.from, fields.to, sentTo(fields)),
  };
  await ctx.readModels.collection<ReferralDoc>(REFERRALS_COLLECTION).upsert(doc, last.revision + 1);
}

export function referralsProjection(ctx: ServiceContext) {
  return project(ctx, {
    name: 'referrals',
    topics: [topicOf('referral')],
    apply: async (event) => {
      const data = (event.data ?? {}) as {
        referralId?: unknown;
        recommendationId?: unknown;
        matchId?: unknown;
        caseId?: unknown;
      };
      if (typeof data.referralId === 'string') return rebuildReferralDoc(ctx, data.referralId);
      // A recommendation's and a possible same party's events have their own read models.
      if (typeof data.recommendationId === 'string' || typeof data.matchId === 'string') return;
      // A missed deadline recorded before the scheduler named the referral may concern any of the case's.
      const caseId = typeof data.caseId === 'string' ? data.caseId : event.subject;
      const docs = await ctx.readModels.collection<ReferralDoc>(REFERRALS_COLLECTION).find({ caseId });
      for (const doc of docs) await rebuildReferralDoc(ctx, doc.id);
    },
  });
}
