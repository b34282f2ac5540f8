import { loadCalendar, remediationMachine } from '@landcase/lifecycle';
import {
  ensureListIndexes,
  escalationsRoute,
  type ServiceContext,
  type ServiceModule,
  startDeadlineScheduler,
} from '@landcase/service-kit';
import { REMEDIATIONS_COLLECTION, remediationsProjection } from './projections/remediations.ts';
import { deductQuotaAtYearEnd } from './reactions/deduct-quota-at-year-end.ts';
import { openOnHistoricalBatched } from './reactions/open-on-historical-batched.ts';
import { openOnPenaltyDecided } from './reactions/open-on-penalty-decided.ts';
import { getRemediationRoute } from './slices/get-remediation.ts';
import { listRemediationsRoute } from './slices/list-remediations.ts';
import { pbfRedesignationRoute } from './slices/pbf-redesignation.ts';
import { quotaBalanceRoute } from './slices/quota-balance.ts';
import { quotaDeductionRoute } from './slices/quota-deduction.ts';
import { recordAcceptanceRoute } from './slices/record-acceptance.ts';
import { recordProgressRoute } from './slices/record-progress.ts';

export { REMEDIATION_COMMANDS } from './commands-offered.ts';
export { REMEDIATIONS_COLLECTION, type RemediationDoc } from './projections/remediations.ts';
export { decideYearEndDeduction } from './reactions/deduct-quota-at-year-end.ts';
export { decideHistoricalOpening } from './reactions/open-on-historical-batched.ts';
export { decideOpening } from './reactions/open-on-penalty-decided.ts';
export {
  ACCEPTING_AGENCIES,
  type RemediationFields,
  remediationFields,
  remediationStreamId,
} from './remediation.ts';
export { decideQuotaDeduction } from './slices/quota-deduction.ts';

export const remediationModule: ServiceModule = {
  name: 'remediation',
  routes: async (app, { ctx }: { ctx: ServiceContext }) => {
    await getRemediationRoute(app, ctx);
    await listRemediationsRoute(app, ctx);
    await recordProgressRoute(app, ctx);
    await recordAcceptanceRoute(app, ctx);
    await quotaDeductionRoute(app, ctx);
    await pbfRedesignationRoute(app, ctx);
    await quotaBalanceRoute(app, ctx);
    await escalationsRoute(app, ctx);
  },
  async start(ctx) {
    const remediations = ctx.readModels.collection(REMEDIATIONS_COLLECTION);
    await ensureListIndexes(remediations);
    await remediations.ensureIndex(['quotaYear', 'divisionLevels']);
    const running = [
      await remediationsProjection(ctx).start(),
      await openOnPenaltyDecided(ctx),
      // A batch of historical cases to be demolished and restored (seed 004 §(六)2).
      await openOnHistoricalBatched(ctx),
      // A missed year's end (DeadlineMissed on our own topic) deducts the reserve quota.
      await deductQuotaAtYearEnd(ctx),
      // Restoration is due by the date in the decision and by the end of the year it opened in;
      // a miss becomes DeadlineMissed.
      await startDeadlineScheduler(ctx, {
        machine: remediationMachine,
        aggregate: 'remediation',
        calendar: loadCalendar(),
      }),
    ];
    return {
      async stop() {
        for (const r of running.reverse()) await r.stop();
      },
    };
  },
};
