import type { EnforcementEventData, LandClass } from '@landcase/contracts';
import {
  nameMatchScopeOf,
  normalisedName,
  RULE_SET,
  type RuleSet,
  strongIdentityOf,
} from '@landcase/lifecycle';
import type { Doc, ReadModelStore } from '@landcase/readmodels';

// Each filed case with its party, as the same-party rules read it (法释〔2000〕14号 art. 9): who
// the party is by identifier, and by what name it would be suspected the same as another. Written
// by the CaseFiled reaction itself, before it reads the party's other cases: of two cases filed at
// once, the one that reads last sees the other (each writes before it reads), which a separate
// projection lagging behind the reaction could not promise.

export const PARTY_CASES_COLLECTION = 'referral.party-cases';

type CaseFiled = EnforcementEventData['CaseFiled'];

/** One document per filed case, written once. */
export interface PartyCaseDoc extends Doc {
  caseId: string;
  filingNo: string;
  divisionCode: string;
  landClass: LandClass;
  areaMu: number;
  /** When the case was filed (CaseFiled.filedAt): the order and the window are counted from it. */
  filedAt: string;
  party: CaseFiled['party'];
  /** `person:<resident ID>` or `organization:<credit code>` when the party carries one that passes its check. */
  identity: string | null;
  /**
   * `<kind>:<county>:<normalised name>`: the cases a name match looks among. Null when the name is
   * blank or the division is shorter than the match's scope: such a party is never suspected.
   */
  nameKey: string | null;
  /** The rule set the case recorded (CaseFiled's `rulesetversion`), which decides its referrals; absent: the base. */
  ruleSetVersion?: string;
}

/** The name a party would be suspected the same as another by, within the match's scope. */
export function nameKeyOf(
  party: CaseFiled['party'],
  divisionCode: string,
  ruleSet: RuleSet = RULE_SET,
): string | null {
  const name = normalisedName(party.name);
  const scope = nameMatchScopeOf(divisionCode, ruleSet);
  return name === '' || scope === null ? null : `${party.kind}:${scope}:${name}`;
}

export function partyCaseOf(filed: CaseFiled, ruleSet: RuleSet = RULE_SET): PartyCaseDoc {
  return {
    id: filed.caseId,
    caseId: filed.caseId,
    filingNo: filed.filingNo,
    divisionCode: filed.divisionCode,
    landClass: filed.landClass as LandClass,
    areaMu: filed.areaMu,
    filedAt: filed.filedAt,
    party: filed.party,
    identity: strongIdentityOf(filed.party),
    nameKey: nameKeyOf(filed.party, filed.divisionCode, ruleSet),
  };
}

const cases = (readModels: ReadModelStore) => readModels.collection<PartyCaseDoc>(PARTY_CASES_COLLECTION);

/**
 * Records the filed case once and returns it as first recorded: a case is filed once, so a
 * redelivered or replayed CaseFiled finds it there and changes nothing.
 */
export async function recordPartyCase(
  readModels: ReadModelStore,
  filed: CaseFiled,
  ruleSet: RuleSet = RULE_SET,
  ruleSetVersion?: string,
): Promise<PartyCaseDoc> {
  const doc = { ...partyCaseOf(filed, ruleSet), ...(ruleSetVersion ? { ruleSetVersion } : {}) };
  if (await cases(readModels).upsert(doc, 1)) return doc;
  return (await cases(readModels).get(doc.id)) ?? doc;
}

export const partyCase = (readModels: ReadModelStore, caseId: string): Promise<PartyCaseDoc | null> =>
  cases(readModels).get(caseId);

/** The filed cases whose party carries this identity. */
export const casesWithIdentity = (readModels: ReadModelStore, identity: string): Promise<PartyCaseDoc[]> =>
  cases(readModels).find({ identity });

/** The filed cases whose party carries this kind and name in this county. */
export const casesNamed = (readModels: ReadModelStore, nameKey: string): Promise<PartyCaseDoc[]> =>
  cases(readModels).find({ nameKey });

export async function ensurePartyCaseIndexes(readModels: ReadModelStore): Promise<void> {
  await cases(readModels).ensureIndex(['identity']);
  await cases(readModels).ensureIndex(['nameKey']);
}
