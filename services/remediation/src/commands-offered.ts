import type { AccessKey } from '@landcase/lifecycle';
import type { CommandOffer } from '@landcase/service-kit';

// The commands on a case's remediation, for `commandsAllowed` on its read: each route under
// `/cases/{caseId}/<name>` with its policy entry `remediation.remediation.<name>` and the event it
// appends first.

const EVENTS = {
  progress: 'ProgressRecorded',
  acceptance: 'AcceptanceRecorded',
  'quota-deduction': 'QuotaDeducted',
  'pbf-redesignation': 'PbfRedesignated',
} as const;

export const REMEDIATION_COMMANDS: readonly CommandOffer[] = Object.entries(EVENTS).map(([name, event]) => ({
  path: `/remediation/cases/{caseId}/${name}`,
  access: `remediation.remediation.${name}` as AccessKey,
  event,
}));
