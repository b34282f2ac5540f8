import { describe, expect, it } from 'vitest';
import {
  checkBatchCompletion,
  checkOutcomeByHand,
  timeNodeClasses,
  timeNodeClassOf,
  timeNodesOf,
} from './historical.ts';
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

describe('a batch complete (seed 004 §(六)2)', () => {
  const batch = (settled: string[], withdrawn: string[] = []) => ({
    clueIds: ['a', 'b', 'c'],
    settled: settled.map((clueId) => ({ clueId })),
    withdrawn: withdrawn.map((clueId) => ({ clueId })),
  });

  it('only once every clue is settled or withdrawn, naming those still open in the batch order', () => {
    expect(checkBatchCompletion(batch(['a', 'b', 'c']))).toBeNull();
    expect(checkBatchCompletion(batch(['c', 'a'], ['b']))).toBeNull();
    expect(checkBatchCompletion(batch(['b']))).toMatchObject({
      ruleId: 'historical.batch.completion',
      source: 'seed 004 §(六)2',
      openClues: ['a', 'c'],
    });
    expect(checkBatchCompletion(batch([]))?.openClues).toEqual(['a', 'b', 'c']);
  });

  it('follows the rule set: a province that keeps withdrawn clues open', () => {
    const strict = withOverrides(RULE_SET, {
      version: 'p-1',
      rules: { 'historical.batch.completion': { value: ['settled'], source: 'provincial rule' } },
    });
    expect(checkBatchCompletion(batch(['a', 'c'], ['b']), strict)?.openClues).toEqual(['b']);
  });

  it('leaves a demolish-and-restore clue to the acceptance of its land, the others to the bureau', () => {
    expect(checkOutcomeByHand('regularise')).toBeNull();
    expect(checkOutcomeByHand('confiscate')).toBeNull();
    expect(checkOutcomeByHand('demolish_restore')).toMatchObject({
      ruleId: 'historical.settled-by-acceptance',
    });
  });
});
