import { clueMachine, loadCalendar } from '@landcase/lifecycle';
import { escalationsRoute, type ServiceModule, startDeadlineScheduler } from '@landcase/service-kit';
import { CLUES_COLLECTION } from './clue-view.ts';
import { projectClues } from './projections/clues.ts';
import { dispatchClueRoute } from './slices/dispatch-clue.ts';
import { getClueRoute } from './slices/get-clue.ts';
import { getSweepRoute } from './slices/get-sweep.ts';
import { importSweepRoute } from './slices/import-sweep.ts';
import { listCluesRoute } from './slices/list-clues.ts';
import { reportClueRoute } from './slices/report-clue.ts';
import { verifyClueRoute } from './slices/verify-clue.ts';

export { type ClueFields, clueFields, clueStreamId } from './clue.ts';
export { CLUES_COLLECTION } from './clue-view.ts';
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
    await escalationsRoute(app, ctx);
  },
  async start(ctx) {
    const clues = ctx.readModels.collection(CLUES_COLLECTION);
    await clues.ensureIndex(['source', 'externalRef']);
    await clues.ensureIndex(['divisionCode', 'state']);
    const running = [
      await projectClues(ctx),
      // Verification is due within the month (月清); a miss becomes DeadlineMissed on the clue.
      await startDeadlineScheduler(ctx, {
        machine: clueMachine,
        aggregate: 'clue',
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
