import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_SET, ruleOf, withOverrides } from './rules.ts';
import {
  LIFECYCLE_MACHINES,
  readStateBlock,
  renderStateTable,
  replaceStateBlock,
  STATES_BEGIN,
  STATES_END,
  stateBlockOf,
} from './state-table.ts';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

// The states as declared in each machine's raw config, walked apart from the renderer's own walk.
interface ConfigNode {
  type?: string;
  meta?: { deadline?: { rule: string } | { rule: string }[] };
  states?: Record<string, ConfigNode>;
}
function configStates(node: ConfigNode, prefix = ''): [string, ConfigNode][] {
  return Object.entries(node.states ?? {}).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [[path, child] as [string, ConfigNode], ...configStates(child, path)];
  });
}

const rowOf = (table: string, state: string): string | undefined =>
  table.split('\n').find((line) => line.startsWith(`| \`${state}\` |`));

describe('README states table', () => {
  it('is the table the machines generate', () => {
    expect(
      readStateBlock(readme),
      'README.md states block is stale: run `pnpm docs:states` and commit the README',
    ).toBe(stateBlockOf(renderStateTable()));
  });

  it('names the rule set version', () => {
    expect(renderStateTable()).toContain(`rule set \`${RULE_SET.version}\``);
  });

  it.each(Object.entries(LIFECYCLE_MACHINES))('lists every state of %s once', (name, machine) => {
    const table = renderStateTable({ [name]: machine });
    const states = configStates(machine.config as ConfigNode);
    // The division assessment has the fewest: none and assessed.
    expect(states.length).toBeGreaterThan(1);
    for (const [state, node] of states) {
      const rows = table.split('\n').filter((line) => line.startsWith(`| \`${state}\` |`));
      expect(rows, state).toHaveLength(1);
      expect(rows[0]!.split(' | ')[1] === 'yes', `${state} final`).toBe(node.type === 'final');
    }
    // Only states: one row each, nothing more.
    expect(table.split('\n').filter((line) => line.startsWith('| `'))).toHaveLength(states.length);
  });

  it('gives every deadline row its figures and its legal source', () => {
    const table = renderStateTable();
    let deadlines = 0;
    for (const machine of Object.values(LIFECYCLE_MACHINES)) {
      for (const [state, node] of configStates(machine.config as ConfigNode)) {
        // A state may run several deadlines (a remediation's due date and the year's end).
        for (const { rule } of [node.meta?.deadline ?? []].flat()) {
          deadlines++;
          const entry = ruleOf(RULE_SET, rule);
          const row = rowOf(renderStateTable({ m: machine }), state);
          expect(row, state).toContain(`\`${rule}\``);
          expect(row, state).toContain(entry.source);
          if (entry.value !== 0 && entry.unit !== 'year_end') expect(row, state).toContain(`${entry.value} `);
        }
      }
    }
    expect(deadlines).toBeGreaterThanOrEqual(10);
    expect(rowOf(table, 'reported')).toBe(
      '| `reported` |  | ClueDispatched, ClueVerified, DeadlineMissed, EscalationRaised | 30 calendar days from `ClueReported` (`deadline.clue.verify`); 5 calendar days from `ClueReported`, only when holderLevel in province, city (`deadline.clue.dispatch`) | seed 000 §(四) |',
    );
  });

  it('shows the events a nested state takes from its parent', () => {
    const row = rowOf(renderStateTable(), 'investigation.noticed');
    expect(row).toContain(
      '| HearingRecorded, DefenceStated, EscalationRaised, DecisionPeriodExtended, CollectiveReviewHeld, LegalReviewCompleted, DeadlineMissed, InterferenceRecorded, IllegalApprovalRecorded, ServiceRefusalNoticesSent |',
    );
  });

  it('reads figures and sources from the rule set given, so a province override shows', () => {
    const province = withOverrides(RULE_SET, {
      version: 'zj-1',
      rules: { 'deadline.case.file': { value: 7, source: 'Zhejiang rule art. 9' } },
    });
    const table = renderStateTable({ enforcementCase: LIFECYCLE_MACHINES.enforcementCase! }, province);
    expect(table).toContain('rule set `2026.1+zj-1`');
    expect(rowOf(table, 'opened')).toContain(
      '| 7 working days from `CaseOpened.discoveredAt` (`deadline.case.file`) | Zhejiang rule art. 9 |',
    );
  });

  it('replaces only the block between the markers', () => {
    const doc = `# title\n\n${STATES_BEGIN}\nold\n${STATES_END}\n\n## next\n`;
    expect(replaceStateBlock(doc, 'new')).toBe(`# title\n\n${STATES_BEGIN}\nnew\n${STATES_END}\n\n## next\n`);
    expect(() => readStateBlock('# no markers\n')).toThrow(/states:begin/);
  });
  it('shows every deadline of a state that runs two, each with its source', () => {
    const row = rowOf(renderStateTable({ remediation: LIFECYCLE_MACHINES.remediation! }), 'demolished');
    expect(row).toContain(
      '| by the date in `RemediationOpened.dueBy` (`deadline.remediation.due`); by the end (China time) of the calendar year of `RemediationOpened` (`deadline.remediation.year-end`) | Land Management Law art. 77; seed 003 §三 |',
    );
  });
});
