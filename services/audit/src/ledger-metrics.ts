import type { ReadModelStore } from '@landcase/readmodels';
import { Gauge } from 'prom-client';

// The ledger's size for an operator: the tree size, i.e. its last position, set on each append
// (and at start, once the newest entry is recovered). One gauge per ledger (per read model store),
// created with no registry, so that several audit apps in one process (the tests) show their own.

const gauges = new WeakMap<ReadModelStore, Gauge>();

/** The `landcase_ledger_entries` gauge of the ledger kept in `readModels`. */
export function ledgerEntriesGauge(readModels: ReadModelStore): Gauge {
  let gauge = gauges.get(readModels);
  if (!gauge) {
    gauge = new Gauge({
      name: 'landcase_ledger_entries',
      help: 'Entries in the audit ledger: its tree size, the last position committed',
      registers: [],
    });
    gauges.set(readModels, gauge);
  }
  return gauge;
}
