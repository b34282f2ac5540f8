import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { type DeadlineSpec, type StateMeta, stateDeadlines } from './deadlines.ts';
import { clueMachine } from './machines/clue.ts';
import { divisionAssessmentMachine } from './machines/division-assessment.ts';
import { enforcementCaseMachine } from './machines/enforcement-case.ts';
import { historicalBatchMachine } from './machines/historical-batch.ts';
import { partyMatchMachine } from './machines/party-match.ts';
import { recommendationMachine } from './machines/recommendation.ts';
import { referralMachine } from './machines/referral.ts';
import { remediationMachine } from './machines/remediation.ts';
import { RULE_SET, type RuleSet, ruleOf } from './rules.ts';

// The README's table of states and statutory deadlines, generated from the machines themselves so
// the documentation cannot drift from what the services enforce (a test compares the two).

export const STATES_BEGIN = '<!-- states:begin -->';
export const STATES_END = '<!-- states:end -->';

/** Heading name → machine, rendered in this order. */
export type StateTableMachines = Readonly<Record<string, AnyStateMachine>>;

export const LIFECYCLE_MACHINES: StateTableMachines = {
  clue: clueMachine,
  historicalBatch: historicalBatchMachine,
  enforcementCase: enforcementCaseMachine,
  divisionAssessment: divisionAssessmentMachine,
  referral: referralMachine,
  recommendation: recommendationMachine,
  partyMatch: partyMatchMachine,
  remediation: remediationMachine,
};

export interface StateRow {
  /** Dotted path, as stateString() writes states. */
  state: string;
  final: boolean;
  /** Event types with a transition from this state or an enclosing one, innermost first. */
  events: string[];
  /** The deadlines the state carries (most carry one, some none). */
  deadlines: readonly DeadlineSpec[];
}

/** Every state node of the machine, depth-first in declaration order. */
export function stateRows(machine: AnyStateMachine): StateRow[] {
  const rows: StateRow[] = [];
  const visit = (node: AnyStateNode, inherited: readonly string[]): void => {
    // A nested state also takes its parents' events (the investigation's DeadlineMissed).
    const events = [...new Set([...Object.keys(node.on), ...inherited])];
    if (node.path.length > 0) {
      rows.push({
        state: node.path.join('.'),
        final: node.type === 'final',
        events,
        deadlines: stateDeadlines(node.meta as StateMeta | undefined),
      });
    }
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child, events);
  };
  visit(machine.root, []);
  return rows;
}

const UNIT_NAMES = {
  hours: ['hour', 'hours'],
  calendar_days: ['calendar day', 'calendar days'],
  working_days: ['working day', 'working days'],
  calendar_months: ['calendar month', 'calendar months'],
} as const;

/** The deadline's figures as the rule set has them (a province override changes them here too). */
function deadlineCell(spec: DeadlineSpec, ruleSet: RuleSet): { text: string; source: string } {
  const entry = ruleOf(ruleSet, spec.rule);
  if (typeof entry.value !== 'number' || !(entry.unit in UNIT_NAMES || entry.unit === 'year_end')) {
    throw new Error(`rule set ${ruleSet.version}: rule '${spec.rule}' is not a deadline`);
  }
  const start = spec.from ? `${spec.startsOn}.${spec.from}` : spec.startsOn;
  // A duration of 0: the due date itself is in the starting event.
  const due =
    entry.value === 0
      ? `by the date in \`${start}\``
      : entry.unit === 'year_end'
        ? `by the end (China time) of the ${entry.value === 1 ? 'calendar year' : `${entry.value}th calendar year`} of \`${start}\``
        : `${entry.value} ${UNIT_NAMES[entry.unit as keyof typeof UNIT_NAMES][entry.value === 1 ? 0 : 1]} from \`${start}\``;
  const conditions = Object.entries(spec.when ?? {}).map(
    ([field, values]) => `${field} ${values.length === 1 ? `= ${values[0]}` : `in ${values.join(', ')}`}`,
  );
  const scope = conditions.length > 0 ? `, only when ${conditions.join(' and ')}` : '';
  return { text: `${due}${scope} (\`${spec.rule}\`)`, source: entry.source };
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

function machineTable(name: string, machine: AnyStateMachine, ruleSet: RuleSet): string[] {
  const lines = [
    machine.id === name ? `### ${name}` : `### ${name} (machine \`${machine.id}\`)`,
    '',
    '| state | final | events accepted | deadline | legal source |',
    '|---|---|---|---|---|',
  ];
  for (const row of stateRows(machine)) {
    const deadlines = row.deadlines.map((spec) => deadlineCell(spec, ruleSet));
    const columns = [
      `\`${row.state}\``,
      row.final ? 'yes' : '',
      row.events.join(', '),
      deadlines.map((d) => d.text).join('; '),
      // Two deadlines from the same section name it once.
      [...new Set(deadlines.map((d) => d.source))].join('; '),
    ];
    lines.push(`| ${columns.map(cell).join(' | ')} |`);
  }
  return lines;
}

/** The markdown the README holds between its state markers (no trailing newline). */
export function renderStateTable(
  machines: StateTableMachines = LIFECYCLE_MACHINES,
  ruleSet: RuleSet = RULE_SET,
): string {
  const lines = [
    `Generated from \`packages/lifecycle\` by \`pnpm docs:states\`; rule set \`${ruleSet.version}\`.`,
    "A nested state accepts its own events and its parent's; a parent's deadline runs in every state",
    'inside it. A deadline is counted from the named event, or from the named field of its data.',
  ];
  for (const [name, machine] of Object.entries(machines)) {
    lines.push('', ...machineTable(name, machine, ruleSet));
  }
  return lines.join('\n');
}

/** The text that belongs between the markers for this table. */
export function stateBlockOf(table: string): string {
  return `\n${table}\n`;
}

function markerOffsets(readme: string): { start: number; end: number } {
  const begin = readme.indexOf(STATES_BEGIN);
  const end = readme.indexOf(STATES_END);
  if (begin < 0 || end < begin) {
    throw new Error(`README has no '${STATES_BEGIN}' … '${STATES_END}' block`);
  }
  return { start: begin + STATES_BEGIN.length, end };
}

/** What the README holds between the markers now. */
export function readStateBlock(readme: string): string {
  const { start, end } = markerOffsets(readme);
  return readme.slice(start, end);
}

/** The README with the block between the markers replaced by this table; the rest untouched. */
export function replaceStateBlock(readme: string, table: string): string {
  const { start, end } = markerOffsets(readme);
  return readme.slice(0, start) + stateBlockOf(table) + readme.slice(end);
}
