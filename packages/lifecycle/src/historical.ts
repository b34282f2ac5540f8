import { parseIsoDate } from './calendar/china-time.ts';
import { RULE_SET, type RuleSet, type RuleViolationDetail, ruleOf } from './rules.ts';

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

export const BATCH_COMPLETION_RULE = 'historical.batch.completion';
export const SETTLED_BY_ACCEPTANCE_RULE = 'historical.settled-by-acceptance';

/**
 * Null when a batch may be recorded complete: every clue in it closed (settled) or taken by another
 * batch (withdrawn), as the rule lists; otherwise the rule with the clues still open, in the
 * batch's order (seed 004 §(六)2: 分期分批整治落实到位).
 */
export function checkBatchCompletion(
  batch: {
    clueIds: readonly string[];
    settled: readonly { clueId: string }[];
    withdrawn: readonly { clueId: string }[];
  },
  ruleSet: RuleSet = RULE_SET,
): (RuleViolationDetail & { openClues: string[] }) | null {
  const rule = ruleOf(ruleSet, BATCH_COMPLETION_RULE);
  const closing = Array.isArray(rule.value) ? (rule.value as readonly string[]) : [];
  const closed = new Set([
    ...(closing.includes('settled') ? batch.settled.map((s) => s.clueId) : []),
    ...(closing.includes('withdrawn') ? batch.withdrawn.map((w) => w.clueId) : []),
  ]);
  const openClues = batch.clueIds.filter((id) => !closed.has(id));
  if (openClues.length === 0) return null;
  return {
    ruleId: rule.id,
    source: rule.source,
    openClues,
    detail: `the batch completes once every clue in it is closed or accepted; still open: ${openClues.length} (${openClues.slice(0, 5).join(', ')}${openClues.length > 5 ? ', …' : ''})`,
  };
}

/**
 * Null when an outcome of a batched clue may be recorded by hand; otherwise the rule that leaves it
 * to the joint acceptance of the restored land (a demolish-and-restore batch).
 */
export function checkOutcomeByHand(
  disposition: string,
  ruleSet: RuleSet = RULE_SET,
): RuleViolationDetail | null {
  const rule = ruleOf(ruleSet, SETTLED_BY_ACCEPTANCE_RULE);
  const byAcceptance = Array.isArray(rule.value) ? (rule.value as readonly string[]) : [];
  if (!byAcceptance.includes(disposition)) return null;
  return {
    ruleId: rule.id,
    source: rule.source,
    detail: `a clue of a ${disposition} batch is settled when its restored land is accepted (RemediationAccepted), not by hand`,
  };
}
