import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_SET, RuleBook, type RuleOverlay, RuleOverlayError, type RuleUnit } from '@landcase/lifecycle';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ConfigError } from './config.ts';

// The rule-set overlays of LANDCASE_RULE_OVERLAYS: a directory of JSON files, one per division
// prefix and version, named `<divisionPrefix>-<version>.json`. Read once at start; any bad file
// stops the start naming the file and the field, since a case opened under a misread overlay would
// keep the wrong figures for life.

const RFC3339 =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$';

const OverlayEntry = Type.Object(
  {
    value: Type.Union([
      Type.Number(),
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 }),
    ]),
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    source: Type.String({ minLength: 1, maxLength: 1000 }),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const RuleOverlayFile = Type.Object(
  {
    divisionPrefix: Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$' }),
    version: Type.String({ pattern: '^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$' }),
    effectiveFrom: Type.String({ pattern: RFC3339 }),
    source: Type.String({ minLength: 1, maxLength: 1000 }),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
    rules: Type.Record(Type.String({ pattern: '^[a-z0-9][a-z0-9.-]*$' }), OverlayEntry, { minProperties: 1 }),
  },
  { additionalProperties: false },
);
export type RuleOverlayFile = Static<typeof RuleOverlayFile>;

/** The problems of one file's contents, each `<file>: <field>: <reason>`; [] when it is an overlay. */
function problemsOf(file: string, json: unknown): string[] {
  const problems: string[] = [];
  for (const error of Value.Errors(RuleOverlayFile, json)) {
    problems.push(`${file}: ${error.path || '/'}: ${error.message}`);
    if (problems.length >= 10) break;
  }
  if (problems.length > 0) return problems;
  const overlay = json as RuleOverlayFile;
  const expected = `${overlay.divisionPrefix}-${overlay.version}.json`;
  if (file !== expected)
    problems.push(
      `${file}: /version: the file of ${overlay.divisionPrefix}@${overlay.version} is named ${expected}`,
    );
  return problems;
}

/** The overlays in `dir` (every `*.json`), checked against the schema; ConfigError naming each bad file. */
export function readRuleOverlays(dir: string): RuleOverlay[] {
  let files: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    files = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new ConfigError([
      `LANDCASE_RULE_OVERLAYS must be a directory of overlays, got ${JSON.stringify(dir)}: ${(error as Error).message}`,
    ]);
  }
  const problems: string[] = [];
  const overlays: RuleOverlay[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      problems.push(`${file}: /: not JSON (${(error as Error).message})`);
      continue;
    }
    const found = problemsOf(file, json);
    if (found.length > 0) {
      problems.push(...found);
      continue;
    }
    const { divisionPrefix, version, effectiveFrom, source, rules } = json as RuleOverlayFile;
    overlays.push({
      divisionPrefix,
      version,
      effectiveFrom,
      source,
      rules: rules as RuleOverlay['rules'] & Record<string, { unit?: RuleUnit }>,
      origin: file,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `LANDCASE_RULE_OVERLAYS ${p}`));
  return overlays;
}

// The entries a case applies by the version it recorded: its own deadlines, checks and escalation
// ladder, and the thresholds its referrals are drafted by. The rest (clues, the referrals' own
// periods, remediation, the division assessment, historical cases) still run on the base rule set.
const APPLIED_BY_CASE = [
  /^deadline\.case\./,
  /^deadline\.court\./,
  /^court\./,
  /^escalation\./,
  // The referrals a filed case calls for (the referral service drafts them by the case's version).
  /^referral\.(psb|disc)\./,
  /^referral\.accumulation\./,
];
const APPLIED_BY_CASE_IDS = ['case.filing-after-discovery', 'penalty.no-fine-only'];

/** `<overlay file>: <rule>` for each overlay entry no case applies yet: shown, but not in force. */
export function entriesNotApplied(book: RuleBook): string[] {
  return book.overlays.flatMap((overlay) =>
    Object.keys(overlay.rules)
      .filter((id) => !APPLIED_BY_CASE_IDS.includes(id) && !APPLIED_BY_CASE.some((re) => re.test(id)))
      .map((id) => `${overlay.origin ?? `${overlay.divisionPrefix}@${overlay.version}`}: ${id}`),
  );
}

/**
 * The rule book of a process: the base rule set and the overlays of `dir` (none without one),
 * every overlay checked against the rule set (RuleBook); ConfigError naming the file and field.
 */
export function loadRuleBook(dir: string | undefined): RuleBook {
  const overlays = dir === undefined ? [] : readRuleOverlays(dir);
  try {
    return new RuleBook(RULE_SET, overlays);
  } catch (error) {
    if (error instanceof RuleOverlayError) throw new ConfigError([`LANDCASE_RULE_OVERLAYS ${error.message}`]);
    throw error;
  }
}
