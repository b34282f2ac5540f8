import { auditModule } from '@landcase/audit';
import { detectionModule } from '@landcase/detection';
import { enforcementModule } from '@landcase/enforcement';
import { referralModule } from '@landcase/referral';
import { remediationModule } from '@landcase/remediation';
import { type RunServiceOptions, runService, type ServiceModule } from '@landcase/service-kit';
import { serveConsole } from './console/site.ts';

export const ALL_MODULES: ServiceModule[] = [
  detectionModule,
  enforcementModule,
  referralModule,
  remediationModule,
  auditModule,
];

/**
 * Every service in one process. The configuration's defaults are the embedded mode (the SQLite
 * store at `<LANDCASE_DATA_DIR>/landcase.db`, the in-process bus, in-memory read models), so the
 * environment alone decides, LANDCASE_DATA_DIR included. The web console is served beside the API
 * when it is built (`packages/console/dist`), with its development sign-in outside production.
 */
export async function runSystem(env: NodeJS.ProcessEnv, options: RunServiceOptions = {}) {
  return runService(ALL_MODULES, env, {
    ...options,
    extendApp: (app, config) => {
      serveConsole(app, config, env);
      options.extendApp?.(app, config);
    },
  });
}
