import { describe, expect, it } from 'vitest';
import { RuleBook, type RuleOverlay, RuleOverlayError, RuleSetNotLoadedError } from './rule-overlays.ts';
import { RULE_SET, ruleOf } from './rules.ts';

const province = (over: Partial<RuleOverlay> = {}): RuleOverlay => ({
  divisionPrefix: '15',
  version: '2021.1',
  effectiveFrom: '2021-06-01T00:00:00+08:00',
  source: '内政办发〔2021〕32号',
  rules: { 'escalation.supervision': { value: 0, source: 'seed 000 §(四)' } },
  origin: '15.json',
  ...over,
});

const city = (over: Partial<RuleOverlay> = {}): RuleOverlay => ({
  divisionPrefix: '1501',
  version: '2024.1',
  effectiveFrom: '2024-01-01T00:00:00+08:00',
  source: 'a city notice',
  rules: { 'escalation.supervision': { value: 2, source: 'city notice §3' } },
  origin: '1501.json',
  ...over,
});

const figure = (book: RuleBook, division: string, at: string, id: string) =>
  ruleOf(book.effectiveFor(division, new Date(at)), id).value;

const refusal = (overlays: RuleOverlay[]): RuleOverlayError => {
  try {
    new RuleBook(RULE_SET, overlays);
  } catch (error) {
    if (error instanceof RuleOverlayError) return error;
    throw error;
  }
  throw new Error('the overlays were accepted');
};

describe('the rule set in force in a division', () => {
  it('is the base where no overlay applies, or before it is in force', () => {
    const book = new RuleBook(RULE_SET, [province()]);
    expect(book.effectiveFor('350102', new Date('2026-03-01T00:00:00Z')).version).toBe(RULE_SET.version);
    expect(book.effectiveFor('150102', new Date('2021-05-31T15:59:59Z')).version).toBe(RULE_SET.version);
    const inForce = book.effectiveFor('150102', new Date('2021-05-31T16:00:00Z'));
    expect(inForce.version).toBe(`${RULE_SET.version}+15@2021.1`);
    expect(ruleOf(inForce, 'escalation.supervision')).toMatchObject({ value: 0, source: 'seed 000 §(四)' });
    expect(inForce.changedBy).toEqual({ 'escalation.supervision': '15@2021.1' });
    expect(inForce.layers).toEqual([
      {
        divisionPrefix: '15',
        version: '2021.1',
        effectiveFrom: '2021-06-01T00:00:00+08:00',
        source: '内政办发〔2021〕32号',
      },
    ]);
  });

  it('takes the latest version of a division in force at the instant, keeping the earlier for earlier instants', () => {
    const later = province({
      version: '2026.1',
      effectiveFrom: '2026-07-01T00:00:00+08:00',
      rules: { 'escalation.supervision': { value: 3, source: 'a later notice' } },
    });
    const book = new RuleBook(RULE_SET, [later, province()]);
    expect(figure(book, '150102', '2026-06-30T00:00:00+08:00', 'escalation.supervision')).toBe(0);
    expect(figure(book, '150102', '2026-07-01T00:00:00+08:00', 'escalation.supervision')).toBe(3);
  });

  it("lets a city's entry win over its province's, in that city only", () => {
    const book = new RuleBook(RULE_SET, [province(), city()]);
    const at = '2026-03-01T00:00:00+08:00';
    expect(figure(book, '150102', at, 'escalation.supervision')).toBe(2);
    expect(book.effectiveFor('150102', new Date(at)).version).toBe(
      `${RULE_SET.version}+15@2021.1+1501@2024.1`,
    );
    expect(figure(book, '150202', at, 'escalation.supervision')).toBe(0);
    // The province's other entries stay under the city's.
    expect(figure(book, '150102', '2023-12-31T00:00:00+08:00', 'escalation.supervision')).toBe(0);
  });

  it('reads back every version it can build, and the base for a case that recorded none', () => {
    const book = new RuleBook(RULE_SET, [province(), city()]);
    const built = book.effectiveFor('150102', new Date('2026-03-01T00:00:00+08:00'));
    const again = new RuleBook(RULE_SET, [city(), province()]).byVersion(built.version);
    expect(again.version).toBe(built.version);
    expect(ruleOf(again, 'escalation.supervision').value).toBe(2);
    expect(book.byVersion(undefined).version).toBe(RULE_SET.version);
    expect(book.byVersion(RULE_SET.version).rules).toEqual(RULE_SET.rules);
  });

  it('refuses a version whose overlay is not loaded', () => {
    const book = new RuleBook(RULE_SET, [province()]);
    expect(() => book.byVersion(`${RULE_SET.version}+35@2020.1`)).toThrow(/overlay 35@2020.1 is not loaded/);
    expect(() => book.byVersion(`${RULE_SET.version}+35@2020.1`)).toThrow(RuleSetNotLoadedError);
  });

  it("puts a version recorded under an earlier base on this build's base, keeping its overlays", () => {
    const book = new RuleBook(RULE_SET, [province()]);
    expect(book.byVersion('2025.9').version).toBe(RULE_SET.version);
    const overlaid = book.byVersion('2025.9+15@2021.1');
    expect(overlaid.version).toBe(`${RULE_SET.version}+15@2021.1`);
    expect(ruleOf(overlaid, 'escalation.supervision').value).toBe(0);
  });
});

describe('overlays refused at start', () => {
  it('an unknown rule id, named with the file and the field', () => {
    const error = refusal([province({ rules: { 'escalation.supervison': { value: 1, source: 'x' } } })]);
    expect(error.message).toBe(
      `15.json: /rules/escalation.supervison: no rule 'escalation.supervison' in rule set ${RULE_SET.version}`,
    );
  });

  it('a value of the wrong kind or a negative one', () => {
    expect(refusal([province({ rules: { 'referral.psb.pbf': { value: ['5'], source: 'x' } } })]).field).toBe(
      '/rules/referral.psb.pbf/value',
    );
    expect(refusal([province({ rules: { 'referral.psb.pbf': { value: -1, source: 'x' } } })]).reason).toMatch(
      /at least 0/,
    );
    expect(refusal([province({ rules: { 'penalty.no-fine-only': { value: 3, source: 'x' } } })]).field).toBe(
      '/rules/penalty.no-fine-only/value',
    );
  });

  it('a unit that changes what the entry measures; a deadline may change its unit of time', () => {
    expect(
      refusal([province({ rules: { 'referral.psb.pbf': { value: 5, unit: 'working_days', source: 'x' } } })])
        .field,
    ).toBe('/rules/referral.psb.pbf/unit');
    expect(
      () =>
        new RuleBook(RULE_SET, [
          province({ rules: { 'deadline.case.file': { value: 15, unit: 'calendar_days', source: 'x' } } }),
        ]),
    ).not.toThrow();
  });

  it('an entry without its source', () => {
    expect(refusal([province({ rules: { 'referral.psb.pbf': { value: 4, source: ' ' } } })]).field).toBe(
      '/rules/referral.psb.pbf/source',
    );
  });

  it('a division prefix that is neither a province nor a city', () => {
    for (const divisionPrefix of ['1', '150', '150102', '00', '1500', '1190', '1101', '5001']) {
      expect(refusal([province({ divisionPrefix })]).field).toBe('/divisionPrefix');
    }
  });

  it('a version that would not read back from a case', () => {
    expect(refusal([province({ version: '2021+1' })]).field).toBe('/version');
    expect(refusal([province({ version: '' })]).field).toBe('/version');
  });

  it('an effectiveFrom that is no instant', () => {
    expect(refusal([province({ effectiveFrom: 'soon' })]).field).toBe('/effectiveFrom');
  });

  it('two overlays of a division with the same version or in force from the same instant', () => {
    const twice = refusal([
      province(),
      province({ origin: '15-copy.json', effectiveFrom: '2022-01-01T00:00:00Z' }),
    ]);
    expect(twice).toMatchObject({ origin: '15-copy.json', field: '/version' });
    expect(twice.reason).toMatch(/as 15.json already is/);
    expect(refusal([province(), province({ version: '2021.2', origin: 'b.json' })]).field).toBe(
      '/effectiveFrom',
    );
  });
});

describe('what a city may set', () => {
  it('the escalation intervals of its supervision', () => {
    const rules = {
      'escalation.reminder': { value: 0, source: 'x' },
      'escalation.supervision': { value: 1, source: 'x' },
      'escalation.listed-supervision': { value: 2, source: 'x' },
      'escalation.summons': { value: 3, source: 'x' },
    };
    expect(() => new RuleBook(RULE_SET, [city({ rules })])).not.toThrow();
  });

  it('no threshold or statutory period, which are its province’s', () => {
    for (const id of ['referral.psb.pbf', 'deadline.case.hearing-request', 'penalty.major.fine']) {
      const error = refusal([city({ rules: { [id]: { value: 1, source: 'x' } } })]);
      expect(error.field).toBe(`/rules/${id}`);
      expect(error.reason).toMatch(/a city may set only escalation.reminder/);
    }
  });
});
