import { BUREAU_AUDIENCE, type ResourceFacts } from '@landcase/lifecycle';
import type { ServiceContext } from '@landcase/service-kit';

/** The read model of sweep imports: one progress document per sweep, written by the import itself. */
export const SWEEPS_COLLECTION = 'detection.sweeps';

export interface SweepProgress {
  id: string;
  total: number;
  accepted: number;
  rejected: number;
  /** Clues the sweep created. */
  reported: number;
  /** Features whose clue was already reported (same source and externalRef, or an earlier run). */
  duplicates: number;
  failed: number;
  state: 'running' | 'done';
  /** The importer's division: the sweep is read within it. */
  divisionCode?: string;
  [field: string]: unknown;
}

export const sweepsOf = (ctx: ServiceContext) => ctx.readModels.collection<SweepProgress>(SWEEPS_COLLECTION);

/** The progress as the API shows it: the counters only, whatever else the store keeps beside them. */
export const sweepView = (doc: SweepProgress): SweepProgress => ({
  id: doc.id,
  total: doc.total,
  accepted: doc.accepted,
  rejected: doc.rejected,
  reported: doc.reported,
  duplicates: doc.duplicates,
  failed: doc.failed,
  state: doc.state,
});

/** A sweep as the access policy sees it: the importer's division, read by the bureau and the auditor. */
export const sweepAccessFacts = (doc: SweepProgress): ResourceFacts => ({
  divisionCode: doc.divisionCode ?? '',
  audience: BUREAU_AUDIENCE,
});
