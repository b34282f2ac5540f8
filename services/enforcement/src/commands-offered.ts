import type { AccessKey } from '@landcase/lifecycle';
import type { CommandOffer } from '@landcase/service-kit';

// The commands on a case, for `commandsAllowed` on its read: each route under
// `/cases/{caseId}/<name>` with its policy entry `enforcement.case.<name>` and the event it appends.

const EVENTS = {
  'stop-order': 'StopOrderServed',
  'stop-confirmation': 'StopConfirmed',
  filing: 'CaseFiled',
  'penalty-notice': 'PenaltyNoticeServed',
  hearing: 'HearingRecorded',
  defence: 'DefenceStated',
  'decision-extension': 'DecisionPeriodExtended',
  'legal-review': 'LegalReviewCompleted',
  'collective-review': 'CollectiveReviewHeld',
  'penalty-decision': 'PenaltyDecided',
  compliance: 'ComplianceRecorded',
  // The party's remedies against the decision, recorded by the bureau (they suspend the court application).
  reconsideration: 'ReconsiderationApplied',
  'reconsideration-decision': 'ReconsiderationDecided',
  lawsuit: 'LawsuitFiled',
  'lawsuit-judgment': 'LawsuitDecided',
  'court-application': 'CourtApplicationFiled',
  'court-ruling': 'CourtRuled',
  'court-appeal': 'CourtRulingAppealed',
  closure: 'CaseClosed',
  interference: 'InterferenceRecorded',
  'illegal-approval': 'IllegalApprovalRecorded',
  'service-refusal': 'ServiceRefusalNoticesSent',
} as const;

export const CASE_COMMANDS: readonly CommandOffer[] = Object.entries(EVENTS).map(([name, event]) => ({
  path: `/enforcement/cases/{caseId}/${name}`,
  access: `enforcement.case.${name}` as AccessKey,
  event,
}));
