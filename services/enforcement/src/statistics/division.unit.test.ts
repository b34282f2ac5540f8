import { describe, expect, it } from 'vitest';
import { divisionLevels, significantCode } from './division.ts';

describe('division levels', () => {
  it('gives the province, city and county of a county code', () => {
    expect(divisionLevels('141181')).toEqual(['14', '1411', '141181']);
  });

  it('reads zero padding as the level above it', () => {
    expect(divisionLevels('141100')).toEqual(['14', '1411']);
    expect(divisionLevels('140000')).toEqual(['14']);
    expect(divisionLevels('141181100000')).toEqual(['14', '1411', '141181', '141181100']);
    expect(divisionLevels('141181100201')).toEqual(['14', '1411', '141181', '141181100', '141181100201']);
    expect(significantCode('141100')).toBe('1411');
    expect(significantCode('1411')).toBe('1411');
  });

  it('names no division for the system’s code of zeros', () => {
    expect(divisionLevels('000000')).toEqual([]);
    expect(significantCode('000000')).toBeUndefined();
  });
});
