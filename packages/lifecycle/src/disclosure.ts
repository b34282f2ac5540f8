import type { BusinessCalendar } from './calendar/calendar.ts';
import { isDeadlineUnit, RULE_SET, type RuleSet, ruleOf } from './rules.ts';

// Public disclosure of penalty decisions (执法公示: seed 003 §四; Administrative Penalty Law art. 48):
// by when a decision is published, and how its party is named in public.

export const DISCLOSURE_RULE = 'disclosure.penalty-decision';

/** The end of the day by which a decision taken at `decidedAt` is published (disclosure.penalty-decision). */
export function disclosureDue(
  decidedAt: string,
  calendar: BusinessCalendar,
  ruleSet: RuleSet = RULE_SET,
): { ruleId: string; source: string; at: Date } {
  const rule = ruleOf(ruleSet, DISCLOSURE_RULE);
  if (typeof rule.value !== 'number' || !isDeadlineUnit(rule.unit) || rule.unit === 'year_end')
    throw new Error(`rule '${rule.id}' is no period`);
  const at = calendar.addDeadline(new Date(decidedAt), { duration: rule.value, unit: rule.unit });
  return { ruleId: rule.id, source: rule.source, at };
}

/**
 * The party's name as published: an organization's in full; a person's first character (the
 * surname's) and one `*` for each character after it, so that no person is named in public.
 */
export function publicPartyName(party: { name: string; kind: 'person' | 'organization' }): string {
  const name = party.name.trim();
  if (party.kind === 'organization') return name;
  const [first = '', ...rest] = Array.from(name);
  return first + '*'.repeat(Math.max(rest.length, 1));
}
