import type { Agency } from '../events.ts';
import type { ResourceFacts } from './audience.ts';
import { isWithin, relationOf } from './divisions.ts';
import { type AccessKey, type AccessRule, accessRule, type Scope } from './policy.ts';

// The one decision every route asks for: may this caller do what the route does, to this target?

export interface Caller {
  agency: Agency;
  division: string;
  roles: readonly string[];
}

export type AccessDecision =
  | { allowed: true }
  | { allowed: false; status: 403 | 404 | 422; rule: AccessKey; reason: string };

/** A division named by the request, or a case kept by another service, known by its division only. */
export interface DivisionFacts {
  divisionCode: string;
}

const allow: AccessDecision = { allowed: true };

function inScope(scope: Scope, caller: Caller, target: string): boolean {
  if (scope === 'anywhere') return true;
  const relation = relationOf(caller.division, target);
  if (scope === 'own') return relation === 'own';
  if (scope === 'above') return relation === 'above';
  return relation === 'own' || relation === 'above';
}

/** Whether the caller may see the resource at all: in its audience and within its divisions. */
export const maySee = (caller: Pick<Caller, 'agency' | 'division'>, facts: ResourceFacts): boolean =>
  facts.audience.includes(caller.agency) && isWithin(facts.divisionCode, caller.division);

function whoAllows(rule: AccessRule, caller: Caller, facts?: ResourceFacts): boolean {
  const { who } = rule;
  if (who === 'audience') return facts ? facts.audience.includes(caller.agency) : true;
  if (who === 'sender') return facts?.sender === caller.agency;
  if (who === 'receiver') return facts?.receiver === caller.agency;
  return who.includes(caller.agency);
}

const rolesAllow = (rule: AccessRule, caller: Caller): boolean =>
  !rule.roles || rule.roles.some((role) => caller.roles.includes(role));

function describeWho(rule: AccessRule, facts?: ResourceFacts): string {
  if (rule.who === 'sender') return `the sending agency${facts?.sender ? ` (${facts.sender})` : ''}`;
  if (rule.who === 'receiver') return `the receiving agency${facts?.receiver ? ` (${facts.receiver})` : ''}`;
  if (rule.who === 'audience') return 'the agencies with a part in it';
  return `agency ${rule.who.join(', ')}`;
}

const SCOPE_WORDS: Record<Scope, string> = {
  own: 'of its own division',
  'own-or-above': 'of its division or one above it',
  above: 'of a division above it',
  anywhere: 'anywhere',
};

/** The refusal of who and role, or null when both allow. */
function refuseCaller(
  key: AccessKey,
  rule: AccessRule,
  caller: Caller,
  facts?: ResourceFacts,
): AccessDecision | null {
  if (!whoAllows(rule, caller, facts)) {
    return {
      allowed: false,
      status: 403,
      rule: key,
      reason: `${rule.summary}: only ${describeWho(rule, facts)} may; the caller is ${caller.agency}`,
    };
  }
  if (!rolesAllow(rule, caller)) {
    return {
      allowed: false,
      status: 403,
      rule: key,
      reason: `${rule.summary}: needs the role ${rule.roles!.join(' or ')}; the caller has ${caller.roles.join(', ') || 'none'}`,
    };
  }
  return null;
}

function refuseScope(
  key: AccessKey,
  rule: AccessRule,
  caller: Caller,
  division: string,
): AccessDecision | null {
  if (inScope(rule.scope, caller, division)) return null;
  return {
    allowed: false,
    status: 403,
    rule: key,
    reason: `${rule.summary}: only ${describeWho(rule)} ${SCOPE_WORDS[rule.scope]} may, for division ${division}; the caller is of ${caller.division}`,
  };
}

/**
 * Decides a request. `target` is what the route touches (rule.target): the resource's facts (null
 * when there is none), a case's or a division's code, or nothing for the ledger and lists.
 */
export function authorize(
  key: AccessKey,
  caller: Caller,
  target?: ResourceFacts | DivisionFacts | null,
): AccessDecision {
  const rule = accessRule(key);
  switch (rule.target) {
    case 'resource': {
      const facts = target as ResourceFacts | null | undefined;
      // Not found and not to be seen answer alike: nothing tells a caller that it exists.
      if (!facts || !maySee(caller, facts)) {
        return { allowed: false, status: 404, rule: key, reason: 'not found' };
      }
      return (
        refuseCaller(key, rule, caller, facts) ?? refuseScope(key, rule, caller, facts.divisionCode) ?? allow
      );
    }
    case 'case': {
      const refused = refuseCaller(key, rule, caller);
      if (refused) return refused;
      const division = (target as DivisionFacts | null | undefined)?.divisionCode;
      if (!division || !isWithin(division, caller.division)) {
        return { allowed: false, status: 422, rule: key, reason: 'the case does not exist' };
      }
      return refuseScope(key, rule, caller, division) ?? allow;
    }
    case 'division': {
      // No division yet (a body or query not validated, which will fail its own validation): the
      // caller alone is checked.
      const division = (target as DivisionFacts | null | undefined)?.divisionCode;
      const refused = refuseCaller(key, rule, caller);
      if (refused || !division) return refused ?? allow;
      return refuseScope(key, rule, caller, division) ?? allow;
    }
    case 'ledger':
    case 'list':
    case 'operations':
      return refuseCaller(key, rule, caller) ?? allow;
  }
}
