import { clipText, type EnforcementEventData, type ReferralEventData } from '@landcase/contracts';
import { illegalApprovalReferral, interferenceReferral, RULE_SET, type RuleSet } from '@landcase/lifecycle';

// The referrals to the discipline commission (纪委监委, `disc`) that officials' conduct calls for,
// beyond the area rule applied on CaseFiled. Each is drafted in the bureau's name (only the bureau
// sends referrals) for its head to approve, under an id derived from the event, so a redelivered
// event finds it drafted:
// - `<caseId>.disc-interference-<n>`: every record of interference (seed 003 §四);
// - `<caseId>.disc-approval-<n>`: every illegal approval, the reason saying whether the area is
//   serious (法释〔2000〕14号 art. 4); below the threshold it is still a disciplinary matter;
// - `assessment-<division>-<year>.disc`: a division assessed at or above the 15% share (Order 15 of
//   2008 art. 3); one per division and year, however often the year is assessed again.

export type Draft = { type: 'ReferralDrafted'; data: ReferralEventData['ReferralDrafted'] };

type Interference = EnforcementEventData['InterferenceRecorded'];
type IllegalApproval = EnforcementEventData['IllegalApprovalRecorded'];
type Assessment = EnforcementEventData['AssessmentRecorded'];

export const interferenceReferralId = (caseId: string, interferenceNo: number): string =>
  `${caseId}.disc-interference-${interferenceNo}`;
export const illegalApprovalReferralId = (caseId: string, approvalNo: number): string =>
  `${caseId}.disc-approval-${approvalNo}`;
export const assessmentReferralId = (assessmentId: string): string => `${assessmentId}.disc`;

/** The catalogue caps a reason at 2000 characters; the full record stays on the case. */
const REASON_MAX = 2000;
const clip = (reason: string): string => clipText(reason, REASON_MAX);

const pending = (kind: string, of: string) => ({ kind, ref: `pending:${of}/${kind}` });

function draft(
  caseId: string,
  referralId: string,
  divisionCode: string,
  reason: string,
  documents: { kind: string; ref: string }[],
  ruleId: string,
  ruleSetVersion: string,
): Draft {
  return {
    type: 'ReferralDrafted',
    data: {
      caseId,
      referralId,
      from: 'nrb',
      to: 'disc',
      divisionCode,
      reason: clip(reason),
      // Placeholders the bureau replaces with the signed documents before dispatch.
      documents: [pending('referral-letter', referralId), ...documents],
      ruleId,
      ruleSetVersion,
    },
  };
}

export function decideInterferenceDraft(record: Interference, ruleSet: RuleSet = RULE_SET): Draft {
  const rule = interferenceReferral(record, ruleSet);
  const referralId = interferenceReferralId(record.caseId, record.interferenceNo);
  return draft(
    record.caseId,
    referralId,
    record.divisionCode,
    `${rule.reason}; recorded by ${record.recordedBy}`,
    [
      pending('interference-record', `${record.caseId}/interference-${record.interferenceNo}`),
      ...record.evidence.map((e) => ({ kind: 'evidence', ref: e.uri, sha256: e.sha256 })),
    ],
    rule.ruleId,
    ruleSet.version,
  );
}

export function decideIllegalApprovalDraft(record: IllegalApproval, ruleSet: RuleSet = RULE_SET): Draft {
  const rule = illegalApprovalReferral(record, ruleSet);
  const referralId = illegalApprovalReferralId(record.caseId, record.approvalNo);
  const official = record.approvingOfficial
    ? `, ${record.approvingOfficial.name} (${record.approvingOfficial.position}, ${record.approvingOfficial.organization})`
    : '';
  return draft(
    record.caseId,
    referralId,
    record.divisionCode,
    `approval ${record.approvalRef} by ${record.approvingAuthority}${official} — ${rule.reason}`,
    [{ kind: 'approval-document', ref: record.approvalRef }, pending('investigation-report', record.caseId)],
    rule.ruleId,
    ruleSet.version,
  );
}

/** Null when the division's share stays below the threshold. */
export function decideAssessmentDraft(assessment: Assessment): Draft | null {
  if (!assessment.accountable) return null;
  const referralId = assessmentReferralId(assessment.caseId);
  const percent = (x: number) => `${Math.round(x * 1e6) / 1e4}%`;
  return draft(
    assessment.caseId,
    referralId,
    assessment.divisionCode,
    `division ${assessment.divisionCode}, ${assessment.year}: ${assessment.illegalFarmlandMu} mu of farmland ` +
      `occupied illegally of ${assessment.newConstructionFarmlandMu} mu taken by new construction land, ` +
      `${percent(assessment.share)} ≥ ${percent(assessment.threshold)} (${assessment.source})`,
    [pending('assessment-report', assessment.caseId)],
    assessment.ruleId,
    // The rule-set version that decided the assessment, not the one running now.
    assessment.ruleSetVersion,
  );
}
