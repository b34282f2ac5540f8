import { auditModule } from '@landcase/audit';
import { detectionModule } from '@landcase/detection';
import { enforcementModule } from '@landcase/enforcement';
import { referralModule } from '@landcase/referral';
import { remediationModule } from '@landcase/remediation';
import { type RunServiceOptions, runService, type ServiceModule } from '@landcase/service-kit';

export const ALL_MODULES: ServiceModule[] = [
  detectionModule,
  enforcementModule,
  referralModule,
  remediationModule,
  auditModule,
];

/** The embedded defaults: everything in one process, nothing to install. Environment overrides. */
export const EMBEDDED_DEFAULTS = {
  LANDCASE_EVENTSTORE: 'sqlite:./data/landcase.db',
  LANDCASE_BUS: 'memory',
  LANDCASE_READMODELS: 'memory',
} as const;

export async function runSystem(env: NodeJS.ProcessEnv, options: RunServiceOptions = {}) {
  return runService(ALL_MODULES, { ...EMBEDDED_DEFAULTS, ...env }, options);
}
