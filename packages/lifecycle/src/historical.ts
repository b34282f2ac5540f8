import { parseIsoDate } from './calendar/china-time.ts';
import { RULE_SET, type RuleSet, ruleOf } from './rules.ts';

// Historical cases (遗留) are classed by when the occupation began against the policy time nodes
// of the rule set (seed 004 §(六)2: 根据时间节点明确政策界限): one class per interval between nodes.
// Class ids name their bounds so that a ledger filter reads plainly and survives a province's
// own nodes: `before-1987-01-01`, `1987-01-01-to-1999-01-01`, `from-1999-01-01`.

export const TIME_NODES_RULE = 'historical.time-nodes';

/** The time nodes of a rule set, ascending China dates; throws when the entry is not that. */
export function timeNodesOf(ruleSet: RuleSet = RULE_SET): string[] {
  const entry = ruleOf(ruleSet, TIME_NODES_RULE);
  const nodes = entry.value;
  if (!Array.isArray(nodes) || nodes.length === 0 || nodes.some((n) => parseIsoDate(n) === null)) {
    throw new Error(`rule set ${ruleSet.version}: '${TIME_NODES_RULE}' must list YYYY-MM-DD dates`);
  }
  for (let i = 1; i < nodes.length; i++) {
    if (nodes[i]! <= nodes[i - 1]!) {
      throw new Error(`rule set ${ruleSet.version}: '${TIME_NODES_RULE}' must be ascending`);
    }
  }
  return [...nodes];
}

/** Every class the nodes make, oldest first. */
export function timeNodeClasses(nodes: readonly string[]): string[] {
  return [
    `before-${nodes[0]}`,
    ...nodes.slice(1).map((node, i) => `${nodes[i]}-to-${node}`),
    `from-${nodes.at(-1)}`,
  ];
}

/**
 * The class of an occupation that began on `occupiedSince` (a China date): a node's own day falls
 * in the class that starts on it (the law in force from that day governs).
 */
export function timeNodeClassOf(occupiedSince: string, nodes: readonly string[]): string {
  if (parseIsoDate(occupiedSince) === null)
    throw new RangeError(`'${occupiedSince}' is not a YYYY-MM-DD date`);
  const classes = timeNodeClasses(nodes);
  const after = nodes.findIndex((node) => occupiedSince < node);
  return after === -1 ? classes.at(-1)! : classes[after]!;
}
