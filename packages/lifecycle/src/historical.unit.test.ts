import { describe, expect, it } from 'vitest';
import { timeNodeClasses, timeNodeClassOf, timeNodesOf } from './historical.ts';
import { RULE_SET, withOverrides } from './rules.ts';

describe('historical time nodes', () => {
  it('default to the days the Land Management Law and its 1998 revision entered into force', () => {
    expect(timeNodesOf()).toEqual(['1987-01-01', '1999-01-01']);
    expect(timeNodeClasses(timeNodesOf())).toEqual([
      'before-1987-01-01',
      '1987-01-01-to-1999-01-01',
      'from-1999-01-01',
    ]);
  });

  it('class an occupation by the day it began: a node day belongs to the class it opens', () => {
    const nodes = timeNodesOf();
    expect(timeNodeClassOf('1986-12-31', nodes)).toBe('before-1987-01-01');
    expect(timeNodeClassOf('1987-01-01', nodes)).toBe('1987-01-01-to-1999-01-01');
    expect(timeNodeClassOf('1998-12-31', nodes)).toBe('1987-01-01-to-1999-01-01');
    expect(timeNodeClassOf('1999-01-01', nodes)).toBe('from-1999-01-01');
    expect(() => timeNodeClassOf('1999-02-30', nodes)).toThrow(RangeError);
  });

  it("take a province's own nodes, and refuse nodes that are not ascending dates", () => {
    const province = withOverrides(RULE_SET, {
      version: 'sx-1',
      rules: {
        'historical.time-nodes': {
          value: ['1987-01-01', '1999-01-01', '2020-07-03'],
          source: 'provincial notice on rural housing on farmland',
        },
      },
    });
    expect(timeNodeClassOf('2021-05-01', timeNodesOf(province))).toBe('from-2020-07-03');
    expect(timeNodeClassOf('2010-05-01', timeNodesOf(province))).toBe('1999-01-01-to-2020-07-03');
    const bad = withOverrides(RULE_SET, {
      version: 'bad',
      rules: { 'historical.time-nodes': { value: ['1999-01-01', '1987-01-01'], source: 'x' } },
    });
    expect(() => timeNodesOf(bad)).toThrow(/ascending/);
  });
});
