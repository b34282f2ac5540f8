import type { BusinessCalendar } from './calendar/calendar.ts';
import type { MissedDeadline } from './deadlines.ts';
import type { EscalationRaisedData, EscalationRung } from './events.ts';
import { isDeadlineUnit, RULE_SET, type RuleSet, ruleOf } from './rules.ts';

// The escalation ladder after a missed deadline (domain.md, Supervision and assessment): a reminder
// at the miss, then supervision by the superior level (督办), listed supervision (挂牌督办), a
// summons (约谈) and last a public notice (通报), issued and addressed as the rule set says. Each
// rung is an EscalationRaised event on the case's stream, reported to the superior division. The machines accept each rung once, in order, and only while the case stands
// in a state that carries the missed deadline's rule; a service's scheduler raises them when due.

export const ESCALATION_RUNGS: readonly EscalationRung[] = [
  'reminder',
  'supervision',
  'listed_supervision',
  'summons',
  'public_notice',
];

/** The rule-set entry that says when each rung comes after the one before. */
export const ESCALATION_RULES: Readonly<Record<EscalationRung, string>> = {
  reminder: 'escalation.reminder',
  supervision: 'escalation.supervision',
  listed_supervision: 'escalation.listed-supervision',
  summons: 'escalation.summons',
  public_notice: 'escalation.public-notice',
};

/** Who issues a public notice, and to whom it goes: agency lists in the rule set. */
export const PUBLIC_NOTICE_ISSUER_RULE = 'escalation.public-notice.issued-by';
export const PUBLIC_NOTICE_NOTIFIED_RULE = 'escalation.public-notice.notified';

export interface RungDue {
  rung: EscalationRung;
  rule: string;
  source: string;
  dueAt: Date;
  /** A public notice only: who issues it, and to whom (agency codes from the rule set). */
  issuedBy?: string[];
  notified?: string[];
}

function agenciesOf(ruleSet: RuleSet, id: string): string[] {
  const entry = ruleOf(ruleSet, id);
  if (!Array.isArray(entry.value) || entry.value.length === 0 || entry.unit !== 'agencies') {
    throw new Error(`rule set ${ruleSet.version}: rule '${id}' must list agencies`);
  }
  return [...entry.value];
}

/**
 * When each rung falls due for a deadline missed at `missedAt` (its due instant): each rung's
 * interval is counted from the instant the previous one fell due, so the ladder depends on the
 * deadline and the rule set only, never on when a scheduler happened to run. An interval of 0 is
 * the same instant. Throws MissingCalendarYearError when a rung falls in a year without data.
 */
export function escalationLadder(
  missedAt: Date,
  calendar: Pick<BusinessCalendar, 'addDeadline'>,
  ruleSet: RuleSet = RULE_SET,
): RungDue[] {
  let at = missedAt;
  return ESCALATION_RUNGS.map((rung) => {
    const entry = ruleOf(ruleSet, ESCALATION_RULES[rung]);
    if (typeof entry.value !== 'number' || !isDeadlineUnit(entry.unit)) {
      throw new Error(`rule set ${ruleSet.version}: rule '${entry.id}' is not an interval`);
    }
    if (entry.value !== 0) at = calendar.addDeadline(at, { duration: entry.value, unit: entry.unit });
    const due: RungDue = { rung, rule: entry.id, source: entry.source, dueAt: at };
    if (rung !== 'public_notice') return due;
    return {
      ...due,
      issuedBy: agenciesOf(ruleSet, PUBLIC_NOTICE_ISSUER_RULE),
      notified: agenciesOf(ruleSet, PUBLIC_NOTICE_NOTIFIED_RULE),
    };
  });
}

// Beijing, Tianjin, Shanghai, Chongqing: their districts and counties answer to the municipality,
// which is of province level (the XX01/XX02 "city" codes only group them).
const MUNICIPALITIES: readonly string[] = ['11', '12', '31', '50'];
// GB/T 2260 puts county-level divisions governed directly by the province under a city code of 90
// (省直辖县级行政区划: 419001 济源, 429004 仙桃, 469001 五指山, 659001 石河子).
const UNDER_PROVINCE = '90';
const DIVISION = /^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/;

/**
 * The division a rung is reported to: the superior of `code` in the GB/T 2260 hierarchy.
 * - village (12 digits) → its township (the first 9); township (9) → its county (the first 6);
 * - county XXYYZZ → city XXYY00; city XXYY00 → province XX0000;
 * - a district or county of a municipality, or one governed directly by the province (YY = 90),
 *   → the province-level XX0000;
 * - a province-level code XX0000 is capped: there is no division code above it, so it is its own.
 */
export function superiorDivisionOf(code: string): string {
  if (!DIVISION.test(code)) throw new RangeError(`'${code}' is not a 6, 9 or 12 digit division code`);
  if (code.length > 6) return code.slice(0, code.length - 3);
  const province = code.slice(0, 2);
  const city = code.slice(2, 4);
  const county = code.slice(4, 6);
  if (city === '00') return code;
  if (county === '00' || MUNICIPALITIES.includes(province) || city === UNDER_PROVINCE) {
    return `${province}0000`;
  }
  return `${province}${city}00`;
}

/** Escalations recorded in a machine's context. */
export type RaisedEscalation = Omit<EscalationRaisedData, 'caseId'>;

export function recordEscalation(
  escalations: readonly RaisedEscalation[],
  data: EscalationRaisedData,
): RaisedEscalation[] {
  const { caseId: _caseId, ...raised } = data;
  return [...escalations, raised];
}

export interface EscalationContext {
  missedDeadlines: readonly MissedDeadline[];
  escalations: readonly RaisedEscalation[];
}

/**
 * Whether a state carrying the deadline rule `carried` takes this rung: its deadline was missed
 * (and is one of that rule), and the rung is the next one for it, so each rung comes once and only
 * after the one before.
 */
export function escalationAccepted(
  context: EscalationContext,
  data: EscalationRaisedData,
  carried: string,
): boolean {
  const missed = context.missedDeadlines.find((m) => m.deadlineId === data.deadlineId);
  if (!missed || missed.rule !== carried) return false;
  const climbed = context.escalations.filter((e) => e.deadlineId === data.deadlineId).length;
  return ESCALATION_RUNGS[climbed] === data.rung;
}
