import { LIFECYCLE_MACHINES, type StateMeta, stateDeadlines } from '@landcase/lifecycle';
import { describe, expect, it } from 'vitest';
import { type MachineName, RULE_NAMES, ruleName, STATE_NAMES, stateName } from './vocabulary.ts';

// Every state of every machine in packages/lifecycle and every deadline its states carry has a name
// in both languages: a state or a deadline added there without one fails here.

type AnyStateNode = (typeof LIFECYCLE_MACHINES)[string]['root'];

function statesOf(root: AnyStateNode): AnyStateNode[] {
  const nodes: AnyStateNode[] = [];
  const visit = (node: AnyStateNode) => {
    if (node.path.length > 0) nodes.push(node);
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child);
  };
  visit(root);
  return nodes;
}

const machines = Object.entries(LIFECYCLE_MACHINES);
const CJK = /\p{Script=Han}/u;

describe('vocabulary', () => {
  it('names each machine of packages/lifecycle, and only those', () => {
    expect(Object.keys(STATE_NAMES).sort()).toEqual(machines.map(([name]) => name).sort());
  });

  it.each(machines)(
    'names every state of %s in Chinese and English, and no state it lacks',
    (name, machine) => {
      const states = statesOf(machine.root).map((node) => node.path.join('.'));
      const names = STATE_NAMES[name as MachineName];
      for (const state of states) {
        expect(names[state], `${name}: ${state}`).toBeDefined();
        expect(names[state]!.zh, `${name}: ${state}`).toMatch(CJK);
        expect(names[state]!.en, `${name}: ${state}`).toMatch(/^[\x20-\x7e]+$/);
      }
      expect(Object.keys(names).sort()).toEqual([...states].sort());
    },
  );

  it('names every deadline rule the states carry, in Chinese and English, and no other', () => {
    const rules = new Set<string>();
    for (const [, machine] of machines) {
      for (const node of statesOf(machine.root)) {
        for (const spec of stateDeadlines(node.meta as StateMeta | undefined)) rules.add(spec.rule);
      }
    }
    expect(rules.size).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(RULE_NAMES[rule], rule).toBeDefined();
      expect(RULE_NAMES[rule]!.zh, rule).toMatch(CJK);
      expect(RULE_NAMES[rule]!.en, rule).toMatch(/^[\x20-\x7e]+$/);
    }
    expect(Object.keys(RULE_NAMES).sort()).toEqual([...rules].sort());
  });

  it('falls back to the code for what it does not know (a newer server)', () => {
    expect(stateName('referral', 'awaitingSupplement', 'zh')).toBe('待补充材料');
    expect(stateName('referral', 'awaitingSupplement', 'en')).toBe('awaiting supplement');
    expect(stateName('referral', 'somethingNew', 'zh')).toBe('somethingNew');
    expect(ruleName('deadline.case.file', 'zh')).toBe('立案期限');
    expect(ruleName('deadline.new.one', 'en')).toBe('deadline.new.one');
  });
});
