import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULE_SET, ruleOf } from '@landcase/lifecycle';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { entriesNotApplied, loadRuleBook } from './rule-overlay-files.ts';
import { ruleSetReport } from './rules-route.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'landcase-overlays-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const overlay = (over: Record<string, unknown> = {}) => ({
  divisionPrefix: '15',
  version: '2021.1',
  effectiveFrom: '2021-06-01T00:00:00+08:00',
  source: '内政办发〔2021〕32号',
  rules: { 'escalation.supervision': { value: 0, source: 'seed 000 §(四)' } },
  ...over,
});
const write = (name: string, content: unknown) =>
  writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));

/** The problems a start with this directory is refused with. */
function problems(): string[] {
  try {
    loadRuleBook(dir);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the overlays were accepted');
}

describe('LANDCASE_RULE_OVERLAYS', () => {
  it('is read by the configuration as a directory path', () => {
    expect(loadConfig({ NODE_ENV: 'test', LANDCASE_RULE_OVERLAYS: 'rules/overlays' }).ruleOverlays).toBe(
      'rules/overlays',
    );
    expect(loadConfig({ NODE_ENV: 'test' }).ruleOverlays).toBeUndefined();
  });

  it('loads every overlay of the directory into the rule book', () => {
    write('15-2021.1.json', overlay());
    write('README.txt', 'not an overlay: only *.json is read');
    const book = loadRuleBook(dir);
    const set = book.effectiveFor('150102', new Date('2026-01-05T00:00:00Z'));
    expect(set.version).toBe(`${RULE_SET.version}+15@2021.1`);
    expect(ruleOf(set, 'escalation.supervision').value).toBe(0);
  });

  it('loads the overlays shipped in rules/overlays, each changed entry with its source', () => {
    const shipped = loadRuleBook(fileURLToPath(new URL('../../../rules/overlays/', import.meta.url)));
    expect(shipped.overlays.map((o) => `${o.divisionPrefix}@${o.version}`).sort()).toEqual([
      '15@2021.1',
      '35@2020.1',
    ]);
    for (const o of shipped.overlays) {
      for (const change of Object.values(o.rules)) expect(change.source).toMatch(/seed 00[04]/);
    }
  });

  it('names the entries no case applies yet (the start warns of them)', () => {
    write(
      '15-2021.1.json',
      overlay({
        rules: {
          'escalation.supervision': { value: 0, source: 'x' },
          'deadline.case.file': { value: 15, source: 'x' },
          'referral.psb.farmland': { value: 8, source: 'x' },
          'deadline.referral.decide': { value: 2, source: 'x' },
          'historical.time-nodes': { value: ['1987-01-01'], source: 'x' },
        },
      }),
    );
    expect(entriesNotApplied(loadRuleBook(dir))).toEqual([
      '15-2021.1.json: deadline.referral.decide',
      '15-2021.1.json: historical.time-nodes',
    ]);
  });

  it('without a directory, the base rule set alone', () => {
    expect(loadRuleBook(undefined).overlays).toEqual([]);
  });

  it('refuses a directory that is not there', () => {
    expect(() => loadRuleBook(join(dir, 'missing'))).toThrow(/LANDCASE_RULE_OVERLAYS must be a directory/);
  });

  it('refuses a file that is not JSON, naming it', () => {
    write('15-2021.1.json', '{ "divisionPrefix": ');
    expect(problems()).toEqual([
      expect.stringMatching(/^LANDCASE_RULE_OVERLAYS 15-2021.1.json: \/: not JSON/),
    ]);
  });

  it('refuses a field the schema does not allow, naming the file and the field', () => {
    write('15-2021.1.json', overlay({ effectiveFrom: '2021-06-01' }));
    write('35-2020.1.json', overlay({ divisionPrefix: '35', version: '2020.1', rules: {} }));
    write('44-1.json', overlay({ divisionPrefix: '44', version: '1', extra: true }));
    const found = problems();
    expect(found).toContainEqual(
      expect.stringMatching(/^LANDCASE_RULE_OVERLAYS 15-2021.1.json: \/effectiveFrom: /),
    );
    expect(found).toContainEqual(expect.stringMatching(/^LANDCASE_RULE_OVERLAYS 35-2020.1.json: \/rules: /));
    expect(found).toContainEqual(expect.stringMatching(/^LANDCASE_RULE_OVERLAYS 44-1.json: \/extra: /));
  });

  it('refuses an entry without its source', () => {
    write('15-2021.1.json', overlay({ rules: { 'escalation.supervision': { value: 0 } } }));
    expect(problems()).toContainEqual(
      expect.stringMatching(
        /^LANDCASE_RULE_OVERLAYS 15-2021.1.json: \/rules\/escalation.supervision\/source: /,
      ),
    );
  });

  it('refuses a file not named for its division and version', () => {
    write('inner-mongolia.json', overlay());
    expect(problems()).toEqual([
      'LANDCASE_RULE_OVERLAYS inner-mongolia.json: /version: the file of 15@2021.1 is named 15-2021.1.json',
    ]);
  });

  it('refuses an overlay the rule set rejects: an unknown rule, a city setting a threshold', () => {
    write('15-2021.1.json', overlay({ rules: { 'deadline.case.fiel': { value: 15, source: 'x' } } }));
    expect(problems()).toEqual([
      `LANDCASE_RULE_OVERLAYS 15-2021.1.json: /rules/deadline.case.fiel: no rule 'deadline.case.fiel' in rule set ${RULE_SET.version}`,
    ]);
    rmSync(join(dir, '15-2021.1.json'));
    write(
      '1501-2024.1.json',
      overlay({
        divisionPrefix: '1501',
        version: '2024.1',
        rules: { 'referral.psb.pbf': { value: 3, source: 'x' } },
      }),
    );
    expect(problems()[0]).toMatch(
      /^LANDCASE_RULE_OVERLAYS 1501-2024.1.json: \/rules\/referral.psb.pbf: a city may set only /,
    );
  });
});

describe('the rule set a division reads (GET /rules/{divisionCode})', () => {
  it('names the version, the layers and which overlay set each figure', () => {
    write('15-2021.1.json', overlay());
    const rules = loadRuleBook(dir);
    const report = ruleSetReport({ rules }, '150102', new Date('2026-01-05T00:00:00Z'));
    expect(report).toMatchObject({
      divisionCode: '150102',
      version: `${RULE_SET.version}+15@2021.1`,
      baseVersion: RULE_SET.version,
      layers: [{ divisionPrefix: '15', version: '2021.1', source: '内政办发〔2021〕32号' }],
    });
    expect(report.rules.find((r) => r.id === 'escalation.supervision')).toMatchObject({
      value: 0,
      source: 'seed 000 §(四)',
      setBy: '15@2021.1',
    });
    expect(report.rules.find((r) => r.id === 'escalation.summons')).toMatchObject({
      value: 20,
      setBy: 'base',
    });
    expect(report.rules).toHaveLength(Object.keys(RULE_SET.rules).length);
    expect(ruleSetReport({ rules }, '150102', new Date('2021-01-01T00:00:00Z')).version).toBe(
      RULE_SET.version,
    );
  });
});
