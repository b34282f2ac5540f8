// Division codes (GB/T 2260, extended to townships and villages): 2 digits province, 2 city,
// 2 county, 3 township, 3 village. A code padded with zeros names the level above the padding:
// `141100` is the city 1411, `140000` the province 14, `141181100000` the township 141181100.
// A document stores the levels of its division, so "within a division" is an equality on one of
// them, which every read-model adapter answers the same way (an array field matches an element).

const LEVEL_ENDS = [2, 4, 6, 9, 12];

/**
 * The significant prefixes of a code, province first: `141181` → `14`, `1411`, `141181`;
 * `141100` and `1411` → `14`, `1411`. Empty for a code of zeros.
 */
export function divisionLevels(code: string): string[] {
  const levels: string[] = [];
  let start = 0;
  for (const end of LEVEL_ENDS) {
    if (end > code.length) break;
    if (/^0+$/.test(code.slice(start, end))) break;
    levels.push(code.slice(0, end));
    start = end;
  }
  return levels;
}

/** The level a code names, without its padding (`141100` → `1411`); undefined for zeros. */
export const significantDivision = (code: string): string | undefined => divisionLevels(code).at(-1);
