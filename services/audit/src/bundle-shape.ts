import { canonicalJson } from './canonical-json.ts';
import type { ChainLink } from './chain.ts';
import { derivedFields } from './entry-details.ts';

// What a bundle may hold, field by field. Everything a bundle shows is either hashed (the chained
// event), committed by the chain and the signed tree (position, sequence, prevHash, hash), checked
// against the signature (the tree head, and exportedAt, which is its timestamp), or derived from
// hashed fields and compared here (service, name, agency, documents, deadlineMissed). A field of
// another type, or one this list does not know, is an error: nothing shown escapes the checks.

const HEX64 = /^[0-9a-f]{64}$/;

export const BUNDLE_FIELDS = [
  'format',
  'caseId',
  'exportedAt',
  'algorithm',
  'tree',
  'treeHead',
  'publicKey',
  'events',
  'documents',
] as const;
export const TREE_HEAD_FIELDS = ['treeSize', 'rootHash', 'timestamp', 'keyId', 'signature'] as const;

const STRING_FIELDS = [
  'id',
  'caseId',
  'actor',
  'agency',
  'division',
  'type',
  'service',
  'name',
  'source',
  'time',
  'correlationId',
  'causationId',
] as const;
const ENTRY_FIELDS = new Set<string>([
  'position',
  'sequence',
  'hash',
  'prevHash',
  ...STRING_FIELDS,
  'ruleSetVersion',
  'data',
  'documents',
  'deadlineMissed',
  'inclusionProof',
]);
/** An entry of a ledger bundle: every position is in it, so it carries no inclusion proof. */
const LEDGER_ENTRY_FIELDS = new Set([...ENTRY_FIELDS].filter((f) => f !== 'inclusionProof'));
export const LEDGER_BUNDLE_FIELDS = BUNDLE_FIELDS.filter((f) => f !== 'caseId');

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first member of `value` not in `known`, as a problem. */
export function unknownField(
  value: Record<string, unknown>,
  known: readonly string[] | Set<string>,
): string | undefined {
  const allowed = known instanceof Set ? known : new Set(known);
  const extra = Object.keys(value).find((k) => !allowed.has(k));
  return extra === undefined
    ? undefined
    : `unknown field ${JSON.stringify(extra)}: a bundle shows nothing it does not check`;
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/**
 * What is wrong with an entry's fields and their types, before anything is recomputed. An entry of
 * a ledger bundle (`ledger`) has no inclusion proof.
 */
export function entryShapeProblem(entry: unknown, ledger = false): string | undefined {
  if (!isRecord(entry)) return 'entry is not an object';
  const extra = unknownField(entry, ledger ? LEDGER_ENTRY_FIELDS : ENTRY_FIELDS);
  if (extra) return extra;
  for (const field of ['position', 'sequence'] as const) {
    if (!isCount(entry[field]))
      return `${field} must be a whole number from 1, not ${JSON.stringify(entry[field])}`;
  }
  for (const field of ['hash', 'prevHash'] as const) {
    const v = entry[field];
    if (typeof v !== 'string' || !HEX64.test(v)) return `${field} must be 64 lowercase hex digits`;
  }
  for (const field of STRING_FIELDS) {
    if (typeof entry[field] !== 'string')
      return `${field} must be a string, not ${JSON.stringify(entry[field])}`;
  }
  if ('ruleSetVersion' in entry && typeof entry.ruleSetVersion !== 'string')
    return `ruleSetVersion must be a string when present, not ${JSON.stringify(entry.ruleSetVersion)}`;
  if (!('data' in entry) || entry.data === undefined) return 'data is missing';
  if (!Array.isArray(entry.documents)) return 'documents must be a list';
  if ('deadlineMissed' in entry && !isRecord(entry.deadlineMissed))
    return 'deadlineMissed must be an object when present';
  if (ledger) return undefined;
  const proof = entry.inclusionProof;
  if (proof !== null && !(Array.isArray(proof) && proof.every((p) => typeof p === 'string' && HEX64.test(p))))
    return 'inclusionProof must be a list of 64-hex-digit hashes (or null)';
  return undefined;
}

const same = (a: unknown, b: unknown): boolean => {
  // Most shown fields are strings, or absent on both sides: no canonical form needed.
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if ((a ?? null) === null && (b ?? null) === null) return true;
  try {
    return canonicalJson(a ?? null) === canonicalJson(b ?? null);
  } catch {
    return false;
  }
};

export const SHOWN_FIELDS = ['service', 'name', 'agency', 'documents', 'deadlineMissed'] as const;

/**
 * The first shown field that is not what the entry's hashed fields derive to (entry-details.ts),
 * or undefined. Runs on a sound link, so the hashed fields it derives from are the signed ones.
 * The ledger keeps only service, name and agency beside a stored event, hence `fields`.
 */
export function shownFieldProblem(
  entry: ChainLink & Record<string, unknown>,
  fields: readonly (typeof SHOWN_FIELDS)[number][] = SHOWN_FIELDS,
): string | undefined {
  const derived = derivedFields(entry);
  const from: Record<string, string> = {
    service: 'its type',
    name: 'its type',
    agency: 'its actor',
    documents: 'its data',
    deadlineMissed: 'its type and data',
  };
  for (const field of fields) {
    if (!same(entry[field], derived[field])) {
      return `${field} ${JSON.stringify(entry[field] ?? null)} is not what ${from[field]} derives to (${JSON.stringify(derived[field] ?? null)})`;
    }
  }
  return undefined;
}
