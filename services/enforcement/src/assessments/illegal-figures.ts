import type { ReadModelStore } from '@landcase/readmodels';
import { significantCode } from '../statistics/division.ts';
import { type MonthDoc, STATISTICS_COLLECTION } from '../statistics/documents.ts';

// The farmland illegally occupied in a division in a year, as this service's statistics know it:
// `illegalAreaMuByLandClass` of the months of that China-time year, counted from ClueVerified with
// verdict illegal by `verifiedAt`, in the division and every division under it. PBF and other
// farmland both count as farmland (耕地) for Order 15 of 2008 art. 3.

export const ILLEGAL_FIGURES_BASIS =
  'enforcement statistics (statistics.months): ClueVerified verdict illegal, areaMu of land classes pbf and ' +
  'farmland, verifiedAt in the China-time year, the division and every division under it';

export interface IllegalFigures {
  pbf: number;
  farmland: number;
  total: number;
}

/** Sums at a billionth of a mu: no binary noise reaches the share compared with the threshold. */
const mu = (x: number): number => Math.round(x * 1e9) / 1e9;

export async function illegalFarmlandOf(
  readModels: ReadModelStore,
  divisionCode: string,
  year: number,
): Promise<IllegalFigures> {
  const level = significantCode(divisionCode);
  if (!level) throw new RangeError(`division ${divisionCode} names no division`);
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const docs = await readModels
    .collection<MonthDoc>(STATISTICS_COLLECTION)
    .find({ divisionLevels: level, month: months });
  let pbf = 0;
  let farmland = 0;
  for (const doc of docs) {
    pbf += doc.illegalAreaMuByLandClass?.pbf ?? 0;
    farmland += doc.illegalAreaMuByLandClass?.farmland ?? 0;
  }
  return { pbf: mu(pbf), farmland: mu(farmland), total: mu(pbf + farmland) };
}
