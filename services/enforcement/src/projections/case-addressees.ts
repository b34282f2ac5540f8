import { type CloudEvent, parseType, type ReferralEventData, TOPICS } from '@landcase/contracts';
import { project, type ServiceContext } from '@landcase/service-kit';
import { updateAddressees, withAddressee } from '../case-addressees.ts';

/** Records, from the referral service's events, to whom each case was addressed (case-addressees.ts). */
export function projectCaseAddressees(ctx: ServiceContext) {
  return project(ctx, {
    name: 'case-addressees',
    topics: [TOPICS.referral],
    apply: async (event: CloudEvent, readModels) => {
      const name = parseType(event.type)?.name;
      if (name === 'ReferralDrafted') {
        const { caseId, referralId, to } = event.data as ReferralEventData['ReferralDrafted'];
        await updateAddressees(readModels, caseId, (doc) => ({
          ...doc,
          drafts: { ...doc.drafts, [referralId]: to },
        }));
      } else if (name === 'ReferralDispatched') {
        const { caseId, referralId } = event.data as ReferralEventData['ReferralDispatched'];
        await updateAddressees(readModels, caseId, (doc) => {
          const to = doc.drafts[referralId];
          if (!to)
            throw new Error(`ReferralDispatched ${event.id}: no draft seen for referral ${referralId}`);
          return { ...doc, addressed: withAddressee(doc.addressed, to) };
        });
      } else if (name === 'RecommendationIssued') {
        const { caseId, from } = event.data as ReferralEventData['RecommendationIssued'];
        await updateAddressees(readModels, caseId, (doc) => ({
          ...doc,
          addressed: withAddressee(doc.addressed, from),
        }));
      }
    },
  });
}
