import { isDeadlineUnit, type RuleOverride, type RuleSet, withOverrides } from './rules.ts';

// Provincial (and city) rule sets: a division's overlay replaces entries of the base rule set from
// an instant on. A case records the version in force where and when it opened and is decided by
// that version for life, so every version a case may name must stay loadable (rules/overlays/).

/** A province's (2-digit prefix) or a city's (4-digit prefix) changes, in force from an instant. */
export interface RuleOverlay {
  divisionPrefix: string;
  version: string;
  /** RFC 3339 instant from which a case opened in the division is decided by it. */
  effectiveFrom: string;
  /** The document that enacts it (title and number). */
  source: string;
  rules: RuleOverride['rules'];
  /** Where it was read from (a file name), for error messages. */
  origin?: string;
}

/**
 * What a city may set on its own: the intervals of the escalation ladder, the supervision of its
 * counties' cases the city is given (architecture: a city acts where the law gives it a role:
 * assessment, escalation, supervision). Thresholds and statutory periods are the province's to
 * set, never a city's: landcase's reading of the Legislation Law (rev. 2023) art. 81, which gives
 * a city with districts its own rules only on urban and rural construction, ecology, historical
 * heritage and grassroots governance.
 */
export const CITY_OVERRIDABLE_RULES: readonly string[] = [
  'escalation.reminder',
  'escalation.supervision',
  'escalation.listed-supervision',
  'escalation.summons',
];

// Beijing, Tianjin, Shanghai and Chongqing are province-level: their XX01/XX02 group districts and
// are no city; GB/T 2260's XX90 groups counties governed by the province itself.
const MUNICIPALITIES: readonly string[] = ['11', '12', '31', '50'];

export class RuleOverlayError extends Error {
  override readonly name = 'RuleOverlayError';
  constructor(
    /** The overlay's file (or `<prefix>@<version>`), the field and what is wrong with it. */
    readonly origin: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${origin}: ${field}: ${reason}`);
  }
}

/** A layer of a resolved rule set: which overlay replaced entries, from when. */
export interface RuleLayer {
  divisionPrefix: string;
  version: string;
  effectiveFrom: string;
  source: string;
}

/** A rule set with the overlays it was built from (base first, then province, then city). */
export interface ResolvedRuleSet extends RuleSet {
  layers: readonly RuleLayer[];
  /** The entries an overlay replaced: rule id → `<divisionPrefix>@<version>` of the last to set it. */
  changedBy: Readonly<Record<string, string>>;
}

const layerVersion = (overlay: Pick<RuleOverlay, 'divisionPrefix' | 'version'>): string =>
  `${overlay.divisionPrefix}@${overlay.version}`;
const originOf = (overlay: RuleOverlay): string => overlay.origin ?? layerVersion(overlay);

/**
 * A case recorded a rule-set version whose overlay this process has not loaded (its file was taken
 * out of LANDCASE_RULE_OVERLAYS): its rules cannot be known, so nothing may be decided or dated by
 * guesswork. Services answer it 503, naming the version, until the file is put back.
 */
export class RuleSetNotLoadedError extends Error {
  constructor(
    readonly version: string,
    readonly overlay: string,
  ) {
    super(
      `rule set ${version}: overlay ${overlay} is not loaded (LANDCASE_RULE_OVERLAYS must keep every version a case was opened under)`,
    );
    this.name = 'RuleSetNotLoadedError';
  }
}

/**
 * The base rule set and every overlay loaded, checked once: unknown rule ids, values of the wrong
 * kind, a city overriding what is not its to set, two overlays of a division in force from the same
 * instant or with the same version are refused with the overlay and the field named.
 */
export class RuleBook {
  readonly base: RuleSet;
  readonly #overlays: readonly RuleOverlay[];
  readonly #byVersion = new Map<string, ResolvedRuleSet>();

  constructor(base: RuleSet, overlays: readonly RuleOverlay[] = []) {
    this.base = base;
    for (const overlay of overlays) checkOverlay(base, overlay);
    checkDistinct(overlays);
    // Latest first within a division, so the one in force is the first not after the instant.
    this.#overlays = [...overlays].sort(
      (a, b) =>
        a.divisionPrefix.localeCompare(b.divisionPrefix) ||
        Date.parse(b.effectiveFrom) - Date.parse(a.effectiveFrom),
    );
  }

  get overlays(): readonly RuleOverlay[] {
    return this.#overlays;
  }

  /**
   * The rule set in force in `divisionCode` at `at`: the base, then its province's overlay in
   * force then, then its city's (a city's entries win over its province's).
   */
  effectiveFor(divisionCode: string, at: Date): ResolvedRuleSet {
    const layers = [divisionCode.slice(0, 2), divisionCode.slice(0, 4)]
      .filter((_prefix, i) => divisionCode.length >= (i + 1) * 2)
      .map((prefix) => this.#inForce(prefix, at))
      .filter((overlay): overlay is RuleOverlay => overlay !== undefined);
    return this.#resolve(layers);
  }

  /**
   * The rule set a case recorded (`2026.1`, `2026.1+15@2021.1`, `2026.1+35@2020.1+3501@2024.1`);
   * the base for a case that recorded none. Throws when a version names an overlay not loaded: a
   * case must never be decided by other figures than those it opened under. The base is the
   * build's own (one per release, as before overlays): a case recorded under an earlier base gets
   * its overlays over this one.
   */
  byVersion(version: string | null | undefined): ResolvedRuleSet {
    if (version === null || version === undefined) return this.#resolve([]);
    const known = this.#byVersion.get(version);
    if (known) return known;
    const [, ...parts] = version.split('+');
    const layers = parts.map((part) => {
      const found = this.#overlays.find((o) => layerVersion(o) === part);
      if (!found) throw new RuleSetNotLoadedError(version, part);
      return found;
    });
    return this.#resolve(layers);
  }

  #inForce(prefix: string, at: Date): RuleOverlay | undefined {
    return this.#overlays.find(
      (o) => o.divisionPrefix === prefix && Date.parse(o.effectiveFrom) <= at.getTime(),
    );
  }

  #resolve(layers: readonly RuleOverlay[]): ResolvedRuleSet {
    let set: RuleSet = this.base;
    const changedBy: Record<string, string> = {};
    for (const overlay of layers) {
      set = withOverrides(set, { version: layerVersion(overlay), rules: overlay.rules });
      for (const id of Object.keys(overlay.rules)) changedBy[id] = layerVersion(overlay);
    }
    const cached = this.#byVersion.get(set.version);
    if (cached) return cached;
    const resolved: ResolvedRuleSet = {
      ...set,
      layers: layers.map(({ divisionPrefix, version, effectiveFrom, source }) => ({
        divisionPrefix,
        version,
        effectiveFrom,
        source,
      })),
      changedBy,
    };
    this.#byVersion.set(resolved.version, resolved);
    return resolved;
  }
}

function checkOverlay(base: RuleSet, overlay: RuleOverlay): void {
  const fail = (field: string, reason: string) => {
    throw new RuleOverlayError(originOf(overlay), field, reason);
  };
  const prefix = overlay.divisionPrefix;
  if (!/^[0-9]{2}([0-9]{2})?$/.test(prefix) || prefix.startsWith('00')) {
    fail('/divisionPrefix', 'a province (2 digits) or a city (4 digits) of GB/T 2260');
  }
  const isCity = prefix.length === 4;
  if (
    isCity &&
    (prefix.endsWith('00') || prefix.endsWith('90') || MUNICIPALITIES.includes(prefix.slice(0, 2)))
  ) {
    fail('/divisionPrefix', `${prefix} is no city: its province sets its rules`);
  }
  // `+` and `@` spell a case's recorded version (`2026.1+15@2021.1`).
  if (!/^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$/.test(overlay.version)) {
    fail('/version', 'letters, digits, dots, hyphens and underscores, at most 40');
  }
  if (Number.isNaN(Date.parse(overlay.effectiveFrom))) fail('/effectiveFrom', 'not an RFC 3339 instant');
  for (const [id, change] of Object.entries(overlay.rules)) {
    const field = `/rules/${id.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    const entry = base.rules[id];
    if (!entry) fail(field, `no rule '${id}' in rule set ${base.version}`);
    if (isCity && !CITY_OVERRIDABLE_RULES.includes(id)) {
      fail(field, `a city may set only ${CITY_OVERRIDABLE_RULES.join(', ')}; '${id}' is its province's`);
    }
    if (typeof entry!.value === 'number') {
      if (typeof change.value !== 'number' || !Number.isFinite(change.value) || change.value < 0) {
        fail(`${field}/value`, `a number of at least 0 (${entry!.unit}), as rule '${id}' holds`);
      }
    } else if (!Array.isArray(change.value)) {
      fail(`${field}/value`, `a list, as rule '${id}' holds`);
    }
    if (change.unit !== undefined && change.unit !== entry!.unit) {
      const bothDeadlines = isDeadlineUnit(entry!.unit) && isDeadlineUnit(change.unit);
      if (!bothDeadlines || entry!.unit === 'year_end' || change.unit === 'year_end') {
        fail(`${field}/unit`, `'${change.unit}' cannot replace '${entry!.unit}'`);
      }
    }
    if (change.source.trim() === '') fail(`${field}/source`, 'each changed entry names its legal source');
  }
}

function checkDistinct(overlays: readonly RuleOverlay[]): void {
  const seen = new Map<string, RuleOverlay>();
  for (const overlay of overlays) {
    const byVersion = `v:${layerVersion(overlay)}`;
    const byInstant = `t:${overlay.divisionPrefix}@${Date.parse(overlay.effectiveFrom)}`;
    for (const key of [byVersion, byInstant]) {
      const other = seen.get(key);
      if (other) {
        const what = key === byVersion ? '/version' : '/effectiveFrom';
        throw new RuleOverlayError(
          originOf(overlay),
          what,
          `${key === byVersion ? `version ${overlay.version}` : `in force from ${overlay.effectiveFrom}`} for ${overlay.divisionPrefix} as ${originOf(other)} already is`,
        );
      }
      seen.set(key, overlay);
    }
  }
}

/** The book without overlays: every division decided by the base rule set. */
export const baseRuleBook = (base: RuleSet): RuleBook => new RuleBook(base);
