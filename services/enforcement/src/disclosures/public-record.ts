import {
  type BusinessCalendar,
  disclosureDue,
  divisionLevels,
  publicPartyName,
  type RuleSet,
} from '@landcase/lifecycle';
import type { CaseFields } from '../case.ts';

// What the public sees of a penalty decision (执法公示, seed 003 §四; Administrative Penalty Law
// art. 48): built field by field from the case, never by copying it, so that nothing about a person
// beyond the masked name (no address, no identity number, no full name) can reach the record.

export interface PublicParty {
  kind: 'person' | 'organization';
  /** An organization's name in full; a person's first character, the rest masked (publicPartyName). */
  name: string;
}

export interface PublicDisclosure {
  caseId: string;
  divisionCode: string;
  landClass: string;
  areaMu: number;
  /** The facts as the decision states them, the party's name, address and id number masked out. */
  violation: string | null;
  measures: string[];
  fineYuan?: number;
  legalBasis: string[];
  decisionRef: string;
  decidedAt: string;
  servedAt: string | null;
  decidingOrgan: string | null;
  party: PublicParty;
  /** The end of the day by which the decision is published (disclosure.penalty-decision). */
  publishBy: string;
  publishRule: { ruleId: string; source: string };
}

/** The fields of a public record, in the order they are shown; the route returns only these. */
export const PUBLIC_DISCLOSURE_FIELDS = [
  'caseId',
  'divisionCode',
  'landClass',
  'areaMu',
  'violation',
  'measures',
  'fineYuan',
  'legalBasis',
  'decisionRef',
  'decidedAt',
  'servedAt',
  'decidingOrgan',
  'party',
  'publishBy',
  'publishRule',
] as const satisfies readonly (keyof PublicDisclosure)[];

const MASK = '***';
/** A resident identity number (18 digits, the last may be X; or the old 15), whoever's it is. */
const ID_NUMBER = /(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])/g;

/**
 * `text` with every occurrence of each secret replaced (longest first, so a name inside an address
 * goes too), and anything shaped like an identity number masked as well.
 */
function masked(text: string, secrets: readonly [string, string][]): string {
  return [...secrets]
    .filter(([secret]) => secret.trim().length > 0)
    .sort(([a], [b]) => b.length - a.length)
    .reduce((out, [secret, shown]) => out.split(secret).join(shown), text)
    .replace(ID_NUMBER, MASK);
}

/**
 * Whether a reconsideration or a judgment annulled or changed the decision: its record is then
 * withdrawn (Administrative Penalty Law art. 48 para. 2: 撤回行政处罚决定信息).
 */
export const decisionOverturned = (fields: CaseFields): boolean =>
  (fields.remedies ?? []).some((remedy) => remedy.outcome?.upheld === false);

/** The public record of a decided case; null before its decision and once it was overturned. */
export function publicDisclosureOf(
  caseId: string,
  fields: CaseFields,
  calendar: BusinessCalendar,
  ruleSet: RuleSet,
): PublicDisclosure | null {
  const decision = fields.decision;
  if (!decision || decisionOverturned(fields)) return null;
  const { party } = fields;
  const shownName = publicPartyName(party);
  const secrets: [string, string][] = [
    ...(party.kind === 'person' ? [[party.name.trim(), shownName] as [string, string]] : []),
    ...(decision.partyAddress ? [[decision.partyAddress, MASK] as [string, string]] : []),
    ...(party.idNumber ? [[party.idNumber, MASK] as [string, string]] : []),
  ];
  // A decision recorded without its date counts from its service (the time it was recorded).
  const decidedAt = decision.decidedAt ?? decision.servedAt;
  if (!decidedAt) return null;
  const due = disclosureDue(decidedAt, calendar, ruleSet);
  return {
    caseId,
    divisionCode: fields.divisionCode,
    landClass: fields.landClass,
    areaMu: fields.areaMu,
    violation: decision.facts ? masked(decision.facts, secrets) : null,
    measures: [...decision.measures],
    ...(decision.fineYuan !== undefined ? { fineYuan: decision.fineYuan } : {}),
    legalBasis: (decision.legalBasis ?? []).map((basis) => masked(basis, secrets)),
    decisionRef: decision.decisionRef,
    decidedAt,
    servedAt: decision.servedAt ?? null,
    decidingOrgan: decision.decidingOrgan ?? null,
    party: { kind: party.kind, name: shownName },
    publishBy: due.at.toISOString(),
    publishRule: { ruleId: due.ruleId, source: due.source },
  };
}

/** The list document of a case: its public record and what the list filters and orders by. */
export function disclosureDocument(record: PublicDisclosure | null): Record<string, unknown> {
  if (!record) return { published: false };
  return {
    ...record,
    published: true,
    divisionLevels: divisionLevels(record.divisionCode),
    // The order of the list: decision instants as UTC, which sort as text.
    decidedOrder: new Date(record.decidedAt).toISOString(),
  };
}

/** A stored document as the API shows it: the public fields only, whatever else it holds. */
export function publicRecordOf(doc: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    PUBLIC_DISCLOSURE_FIELDS.filter((key) => doc[key] !== undefined).map((key) => [key, doc[key]]),
  );
}
