import type { LandClass, PenaltyMeasure } from './events.ts';

// The rule set: every figure the domain depends on, as data with its legal source, so a province
// can override an entry and a case can record which rule-set version decided it.

export type DeadlineUnit = 'hours' | 'calendar_days' | 'working_days';
export type RuleUnit = 'mu' | 'land_classes' | DeadlineUnit;

export interface RuleEntry {
  id: string;
  value: number | readonly string[];
  unit: RuleUnit;
  /** Where the figure comes from: a statute with its article, or a seed document and section. */
  source: string;
  note?: string;
}

export interface RuleSet {
  version: string;
  rules: Readonly<Record<string, RuleEntry>>;
}

type Entries = Record<string, Omit<RuleEntry, 'id'>>;
const withIds = (entries: Entries): Record<string, RuleEntry> =>
  Object.fromEntries(Object.entries(entries).map(([id, entry]) => [id, { id, ...entry }]));

const CRIMINAL_OCCUPATION = 'Criminal Law art. 342; 法释〔2000〕14号 art. 3';
const ORDER_310 = 'State Council Order 310 (rev. 2020)';

export const RULE_SET: RuleSet = {
  version: '2026.1',
  rules: withIds({
    // Referral thresholds: a case at or above the area is referred (≥, never >).
    'referral.psb.pbf': { value: 5, unit: 'mu', source: CRIMINAL_OCCUPATION },
    'referral.psb.farmland': {
      value: 10,
      unit: 'mu',
      source: CRIMINAL_OCCUPATION,
      note: 'other farmland: configurable per province',
    },
    'referral.psb.forest': {
      value: 5,
      unit: 'mu',
      source: 'Criminal Law art. 342; 法释〔2023〕8号 art. 1',
      note: 'public-welfare forest land 5 mu, commercial 10 mu; the land class does not tell them apart, so the lower figure drafts the referral and the approval sorts it out; half after two penalties within two years',
    },
    'referral.psb.grassland': {
      value: 20,
      unit: 'mu',
      source: 'Criminal Law art. 342; 法释〔2012〕15号',
      note: '10 mu after a penalty within three years',
    },
    'referral.disc.pbf': { value: 5, unit: 'mu', source: 'seed 002 §四(五)' },
    'referral.disc.farmland': { value: 10, unit: 'mu', source: 'seed 002 §四(五)' },

    // A fine or a retroactive permit may not replace demolition or confiscation.
    'penalty.no-fine-only': {
      value: ['pbf', 'farmland'],
      unit: 'land_classes',
      source: 'seed 003 §五; Land Management Law art. 77',
    },

    // Deadlines. Administrative Penalty Law art. 85 counts its 2/3/5/7-day periods in working
    // days; Administrative Compulsion Law art. 69 does the same for periods of ten days or less.
    'deadline.clue.dispatch': {
      value: 5,
      unit: 'calendar_days',
      source: 'seed 000 §(四)',
      note: 'province → city within 5 days; city → county within 5 days of receipt',
    },
    'deadline.clue.verify': {
      value: 30,
      unit: 'calendar_days',
      source: 'seed 000 §(四)',
      note: '月清: verified and reported back within the month',
    },
    'deadline.case.file': {
      value: 10,
      unit: 'working_days',
      source: 'MNR rule on filing after discovery',
      note: 'check MNR Order No. 12 (2024) before changing',
    },
    'deadline.case.hearing-request': {
      value: 5,
      unit: 'working_days',
      source: 'MNR Measures arts. 33-34; Administrative Penalty Law arts. 64, 85',
    },
    'deadline.case.decide': {
      value: 90,
      unit: 'calendar_days',
      source: 'Administrative Penalty Law art. 60',
    },
    'deadline.case.comply': {
      value: 0,
      unit: 'calendar_days',
      source: 'Administrative Penalty Law art. 59',
      note: 'the date is set by the penalty decision (PenaltyDecided.complyBy)',
    },
    'deadline.court.reminder-wait': {
      value: 10,
      unit: 'working_days',
      source: 'Administrative Compulsion Law arts. 54, 69',
      note: 'the earliest an application may follow the reminder',
    },
    'deadline.court.ruling': {
      value: 12,
      unit: 'working_days',
      source: 'Administrative Compulsion Law arts. 56-57, 69',
      note: 'accept within 5 working days, rule within 7 working days of acceptance',
    },
    'deadline.referral.approve': { value: 3, unit: 'calendar_days', source: `${ORDER_310} art. 5` },
    'deadline.referral.send': { value: 24, unit: 'hours', source: `${ORDER_310} art. 5` },
    'deadline.referral.decide': { value: 3, unit: 'calendar_days', source: `${ORDER_310} art. 8` },
    'deadline.referral.reconsideration-request': {
      value: 3,
      unit: 'calendar_days',
      source: `${ORDER_310} art. 9`,
    },
    'deadline.referral.reconsideration-answer': {
      value: 3,
      unit: 'calendar_days',
      source: `${ORDER_310} art. 9`,
    },
    'deadline.remediation.due': {
      value: 0,
      unit: 'calendar_days',
      source: 'Land Management Law art. 77',
      note: 'the date is set by the penalty decision (RemediationOpened.dueBy)',
    },
  }),
};

/** A province's changes: each changed entry names its own source. */
export interface RuleOverride {
  version: string;
  rules: Record<string, { value: RuleEntry['value']; source: string; unit?: RuleUnit; note?: string }>;
}

/**
 * The base rule set with a province's entries replaced. The version names both
 * (`2026.1+<override>`), so a case records exactly which figures decided it. An override of an
 * unknown rule id is refused: a typo must not silently leave the national figure in force.
 */
export function withOverrides(base: RuleSet, override: RuleOverride): RuleSet {
  const rules: Record<string, RuleEntry> = { ...base.rules };
  for (const [id, change] of Object.entries(override.rules)) {
    const entry = base.rules[id];
    if (!entry) throw new Error(`rule override '${override.version}': unknown rule '${id}'`);
    const { note: _note, ...kept } = entry;
    rules[id] = { ...kept, ...change, id };
  }
  return { version: `${base.version}+${override.version}`, rules };
}

/** The entry, or a clear error: the machines and services only name rules that exist. */
export function ruleOf(ruleSet: RuleSet, id: string): RuleEntry {
  const entry = ruleSet.rules[id];
  if (!entry) throw new Error(`rule set ${ruleSet.version}: no rule '${id}'`);
  return entry;
}

function numberRule(ruleSet: RuleSet, id: string): RuleEntry & { value: number } {
  const entry = ruleOf(ruleSet, id);
  if (typeof entry.value !== 'number') throw new Error(`rule '${id}' holds no number`);
  return entry as RuleEntry & { value: number };
}

export interface RuleReferral {
  to: 'psb' | 'disc';
  ruleId: string;
  source: string;
  reason: string;
}

const REFERRAL_RECEIVERS = ['psb', 'disc'] as const;

/**
 * The referrals a case's verified occupation calls for, in a fixed order (psb, then disc).
 * A land class without a rule for a receiver is never referred to it by rule.
 */
export function referralTargetsFor(
  occupation: { landClass: LandClass; areaMu: number },
  ruleSet: RuleSet = RULE_SET,
): RuleReferral[] {
  const targets: RuleReferral[] = [];
  for (const to of REFERRAL_RECEIVERS) {
    const ruleId = `referral.${to}.${occupation.landClass}`;
    if (!ruleSet.rules[ruleId]) continue;
    const rule = numberRule(ruleSet, ruleId);
    if (occupation.areaMu < rule.value) continue;
    targets.push({
      to,
      ruleId,
      source: rule.source,
      reason: `${occupation.landClass} occupied: ${occupation.areaMu} mu ≥ ${rule.value} mu (${rule.source})`,
    });
  }
  return targets;
}

export interface RuleViolationDetail {
  ruleId: string;
  source: string;
  detail: string;
}

/**
 * Null when the measures may stand; otherwise the rule they break. A decision for a protected land
 * class must demolish, confiscate or restore: a fine alone is refused.
 */
export function checkPenaltyMeasures(
  decision: { landClass: LandClass; measures: readonly PenaltyMeasure[] },
  ruleSet: RuleSet = RULE_SET,
): RuleViolationDetail | null {
  const ruleId = 'penalty.no-fine-only';
  const rule = ruleOf(ruleSet, ruleId);
  const protectedClasses = Array.isArray(rule.value) ? (rule.value as readonly string[]) : [];
  if (!protectedClasses.includes(decision.landClass)) return null;
  if (decision.measures.some((m) => m !== 'fine')) return null;
  return {
    ruleId,
    source: rule.source,
    detail: `a fine alone may not replace demolition, confiscation or restoration on ${decision.landClass} land`,
  };
}
