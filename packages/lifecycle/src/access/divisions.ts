import { divisionLevels, significantDivision } from '../division-levels.ts';

// Where an actor stands to what it reads or acts on, by division code alone (GB/T 2260 and its
// township and village extensions): the same division, one above it (a city to its counties, a
// province to everything in it), one below it, or apart (a neighbouring county, another province).

export type Relation = 'own' | 'above' | 'below' | 'apart';

/** How the division `actor` stands to the division `target`; `apart` for a code of zeros. */
export function relationOf(actor: string, target: string): Relation {
  const mine = significantDivision(actor);
  const theirs = significantDivision(target);
  if (!mine || !theirs) return 'apart';
  if (mine === theirs) return 'own';
  if (divisionLevels(theirs).includes(mine)) return 'above';
  if (divisionLevels(mine).includes(theirs)) return 'below';
  return 'apart';
}

/** Whether `target` is `scope` or lies under it (`141181` is within `1411` and `140000`). */
export const isWithin = (target: string, scope: string): boolean => {
  const relation = relationOf(scope, target);
  return relation === 'own' || relation === 'above';
};

/**
 * The narrower of two divisions when one lies within the other, null when they are apart: what a
 * list may show a caller of `scope` who asks for `wanted` and what lies under it.
 */
export function narrowerDivision(scope: string, wanted: string): string | null {
  if (isWithin(wanted, scope)) return significantDivision(wanted) ?? null;
  if (isWithin(scope, wanted)) return significantDivision(scope) ?? null;
  return null;
}
