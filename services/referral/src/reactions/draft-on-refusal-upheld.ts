import {
  type CloudEvent,
  clipText,
  parseType,
  type ReferralEventData,
  ReferralEvents,
  topicOf,
} from '@landcase/contracts';
import { RULE_SET, stateString } from '@landcase/lifecycle';
import { checkedData, react, type ServiceContext } from '@landcase/service-kit';
import type { ReferralFields } from '../referral.ts';
import { loadReferral } from '../referral-view.ts';
import { draftReferralOnce, type ReferralDraft } from './draft-referral-once.ts';

// When the police refuse to file a case again after the bureau's reconsideration request, the
// bureau asks the procuratorate for filing supervision (立案监督) within 3 days of the answer
// (State Council Order 310 art. 9; domain.md, Referral table rows `psb` and `proc`). The referral
// machine ends the police referral in `refusalUpheld`; this reaction drafts the request to the
// procuratorate in the bureau's name, for its head to approve and send.

export const FILING_SUPERVISION_RULE = {
  id: 'referral.proc.filing-supervision',
  source: 'State Council Order 310 (rev. 2020) art. 9',
} as const;

/** One per police referral: the refusal it asks the procuratorate to look at. */
export const filingSupervisionReferralId = (policeReferralId: string): string =>
  `${policeReferralId}.proc-supervision`;

/** The request for filing supervision, or null unless the police refusal was upheld. */
export function decideFilingSupervisionDraft(referral: ReferralFields, state: string): ReferralDraft | null {
  if (state !== 'refusalUpheld' || referral.to !== 'psb') return null;
  const referralId = filingSupervisionReferralId(referral.referralId);
  const refusals = referral.decisions.filter((d) => !d.accepted).map((d) => d.reason);
  return {
    type: 'ReferralDrafted',
    data: {
      caseId: referral.caseId,
      referralId,
      from: referral.from,
      to: 'proc',
      divisionCode: referral.divisionCode,
      reason: clipText(
        `filing supervision: the police refused to file referral ${referral.referralId} and upheld the refusal on reconsideration (${refusals.join('; ')})`,
        2000,
      ),
      // The police referral's own documents, plus the two refusals; the bureau adds its request
      // letter before dispatch.
      documents: [
        // By reference (an attached one by its hash): the bureau attaches what it sends again.
        ...referral.documents.map(({ kind, ref, sha256 }) => ({ kind, ref, ...(sha256 ? { sha256 } : {}) })),
        { kind: 'supervision-request', ref: `pending:${referralId}/supervision-request` },
        { kind: 'refusal-decision', ref: `pending:${referral.referralId}/refusal-decision` },
        { kind: 'reconsideration-decision', ref: `pending:${referral.referralId}/reconsideration-decision` },
      ],
      ruleId: FILING_SUPERVISION_RULE.id,
      ruleSetVersion: RULE_SET.version,
    },
  };
}

export async function handleRefusalUpheld(ctx: ServiceContext, event: CloudEvent): Promise<void> {
  const name = parseType(event.type)?.name;
  if (name !== 'ReferralDecided') return;
  const decided = checkedData<ReferralEventData['ReferralDecided']>(
    ReferralEvents.ReferralDecided,
    event,
    name,
  );
  if (decided.accepted) return;
  // The referral's own stream says whether this refusal was the one after a reconsideration.
  const view = await loadReferral(ctx, decided.referralId);
  const draft = decideFilingSupervisionDraft(view.fields, stateString(view.snapshot));
  if (!draft) return;
  await draftReferralOnce(ctx, event, draft, { ruleSetVersion: RULE_SET.version });
}

export function draftOnRefusalUpheld(ctx: ServiceContext) {
  return react(ctx, {
    name: 'draft-on-refusal-upheld',
    topics: [topicOf('referral')],
    handle: (event) => handleRefusalUpheld(ctx, event),
  });
}
