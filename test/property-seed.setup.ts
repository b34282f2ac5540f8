import fc from 'fast-check';
import { inject } from 'vitest';

// Every property of this worker runs from the run's seed (see property-seed.global.ts), and a
// failure names the variable that replays it beside fast-check's own seed and path. A property
// that sets its own `seed` keeps it; none should, so that CI explores a new one each run.
const seed = inject('propertySeed');
fc.configureGlobal({
  seed,
  // A reporter (not asyncReporter, which synchronous properties refuse) serves both kinds.
  reporter: (details) => {
    if (!details.failed) return;
    throw new Error(
      `${fc.defaultReportMessage(details)}\n\nReplay the whole run with LANDCASE_PROPERTY_SEED=${seed} pnpm test`,
      { cause: details.errorInstance },
    );
  },
});
