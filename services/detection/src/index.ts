import { clueMachine, historicalBatchMachine, loadCalendar } from '@landcase/lifecycle';
import {
  ensureListIndexes,
  escalationsRoute,
  type ServiceModule,
  startDeadlineScheduler,
} from '@landcase/service-kit';
import { CLUES_COLLECTION } from './clue-view.ts';
import { projectClues } from './projections/clues.ts';
import { HISTORICAL_LEDGER_COLLECTION, projectHistoricalLedger } from './projections/historical-ledger.ts';
import { batchHistoricalClues } from './reactions/batch-historical-clues.ts';
import { settleOnRemediationAccepted } from './reactions/settle-on-remediation-accepted.ts';
import { completeHistoricalBatchRoute } from './slices/complete-historical-batch.ts';
import { dispatchClueRoute } from './slices/dispatch-clue.ts';
import { getClueRoute } from './slices/get-clue.ts';
import { getHistoricalBatchRoute } from './slices/get-historical-batch.ts';
import { getSweepRoute } from './slices/get-sweep.ts';
import { historicalLedgerRoute } from './slices/historical-ledger.ts';
import { importSweepRoute } from './slices/import-sweep.ts';
import { listCluesRoute } from './slices/list-clues.ts';
import { openHistoricalBatchRoute } from './slices/open-historical-batch.ts';
import { reportClueRoute } from './slices/report-clue.ts';
import { settleHistoricalClueRoute } from './slices/settle-historical-clue.ts';
import { verifyClueRoute } from './slices/verify-clue.ts';

export { type ClueFields, clueFields, clueStreamId } from './clue.ts';
export { CLUES_COLLECTION } from './clue-view.ts';
export { CLUE_COMMANDS } from './commands-offered.ts';
export { SWEEPS_COLLECTION, type SweepProgress } from './sweep-progress.ts';

/** Detection (早发现): clues from every source, dispatch down the hierarchy, field verification. */
export const detectionModule: ServiceModule = {
  name: 'detection',
  routes: async (app, { ctx }) => {
    await reportClueRoute(app, ctx);
    await dispatchClueRoute(app, ctx);
    await verifyClueRoute(app, ctx);
    await getClueRoute(app, ctx);
    await listCluesRoute(app, ctx);
    await importSweepRoute(app, ctx);
    await getSweepRoute(app, ctx);
    await historicalLedgerRoute(app, ctx);
    await openHistoricalBatchRoute(app, ctx);
    await getHistoricalBatchRoute(app, ctx);
    await completeHistoricalBatchRoute(app, ctx);
    await settleHistoricalClueRoute(app, ctx);
    await escalationsRoute(app, ctx);
  },
  async start(ctx) {
    const clues = ctx.readModels.collection(CLUES_COLLECTION);
    await clues.ensureIndex(['source', 'externalRef']);
    await clues.ensureIndex(['divisionCode', 'state']);
    await ensureListIndexes(clues);
    await ctx.readModels
      .collection(HISTORICAL_LEDGER_COLLECTION)
      .ensureIndex(['divisionCode', 'timeNode', 'state']);
    const running = [
      await projectClues(ctx),
      // Verification is due within the month (月清); a miss becomes DeadlineMissed on the clue.
      await startDeadlineScheduler(ctx, {
        machine: clueMachine,
        aggregate: 'clue',
        calendar: loadCalendar(),
      }),
      // The ledger of historical cases and their batches (seed 004 §(六)2); a batch's due date.
      await projectHistoricalLedger(ctx),
      await batchHistoricalClues(ctx),
      // A demolish-and-restore clue is settled by the joint acceptance of its land (remediation's topic).
      await settleOnRemediationAccepted(ctx),
      await startDeadlineScheduler(ctx, {
        machine: historicalBatchMachine,
        aggregate: 'historical-batch',
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
