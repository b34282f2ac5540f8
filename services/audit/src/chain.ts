import * as crypto from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

// The per-case hash chain. Each ledger entry's hash covers the previous entry's hash and the
// canonical JSON of the CloudEvent's identity and content, so changing, removing, inserting or
// reordering any entry of a case breaks every hash after it. A chain is per case so that one
// case can be verified (and exported) on its own.

export const CHAIN_ALGORITHM = 'sha256-chain';
/** prevHash of a case's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The parts of a ledger entry the hash covers: the CloudEvent attributes that identify and carry it. */
export interface ChainedEvent {
  id: string;
  caseId: string;
  source: string;
  type: string;
  time: string;
  actor: string;
  division: string;
  correlationId: string;
  causationId: string;
  /** The `rulesetversion` extension, on events a rule decided. */
  ruleSetVersion?: string;
  data: unknown;
}

/** A chain link as stored and exported. */
export interface ChainLink extends ChainedEvent {
  position: number;
  sequence: number;
  prevHash: string;
  hash: string;
}

/**
 * The hashed document uses the CloudEvents attribute names (`subject`, `correlationid`), i.e. the
 * event as it travelled, independent of how the ledger names its fields. What an entry shows beside
 * it (service, name, agency, documents, the missed deadline) is derived from these fields and
 * checked by deriving it again (entry-details.ts), so the document needs no more members.
 *
 * Its shape is version 1, implied by the absence of a version member. Should it ever change (a
 * field added to the hash), the new shape carries `chainversion: 2` inside the hashed document and
 * `hashedDocument` builds the shape an entry's own version names: entries chained before keep
 * hashing as they were, later ones are hashed with the version they state, and an entry cannot
 * claim an older shape without changing the hash its successor and the signed tree commit to.
 */
export function hashedDocument(e: ChainedEvent): Record<string, unknown> {
  return {
    id: e.id,
    source: e.source,
    type: e.type,
    subject: e.caseId,
    time: e.time,
    actor: e.actor,
    division: e.division,
    correlationid: e.correlationId,
    causationid: e.causationId,
    // Absent and null alike mean "no rule decided it": stores differ in how they keep a missing field.
    ...(typeof e.ruleSetVersion === 'string' ? { rulesetversion: e.ruleSetVersion } : {}),
    data: e.data,
  };
}

// One-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object createHash allocates per call.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = oneShot
  ? (text: string): string => oneShot('sha256', text, 'hex')
  : (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

export function linkHash(prevHash: string, event: ChainedEvent): string {
  return sha256Hex(prevHash + hashedJson(event));
}

/**
 * canonicalJson(hashedDocument(e)), written member by member in its sorted order when every
 * attribute is a string (as a well-formed entry's are), without building the document first.
 */
export function hashedJson(e: ChainedEvent): string {
  const { id, source, type, caseId, time, actor, division, correlationId, causationId, ruleSetVersion } = e;
  if (
    typeof id !== 'string' ||
    typeof source !== 'string' ||
    typeof type !== 'string' ||
    typeof caseId !== 'string' ||
    typeof time !== 'string' ||
    typeof actor !== 'string' ||
    typeof division !== 'string' ||
    typeof correlationId !== 'string' ||
    typeof causationId !== 'string' ||
    e.data === undefined
  ) {
    return canonicalJson(hashedDocument(e));
  }
  const q = canonicalJson;
  return (
    `{"actor":${q(actor)},"causationid":${q(causationId)},"correlationid":${q(correlationId)},` +
    `"data":${q(e.data)},"division":${q(division)},"id":${q(id)},` +
    (typeof ruleSetVersion === 'string' ? `"rulesetversion":${q(ruleSetVersion)},` : '') +
    `"source":${q(source)},"subject":${q(caseId)},"time":${q(time)},"type":${q(type)}}`
  );
}

export interface Verification {
  valid: boolean;
  /** How many entries were examined (up to and including the first bad one). */
  checked: number;
  /** Ledger position of the first entry that does not check out. */
  firstBadPosition?: number;
  /** What was wrong with it. */
  reason?: string;
}

/**
 * A further check of an entry whose link is sound (its hash is then the recomputed one); returns
 * what is wrong with it, or undefined.
 */
export type EntryCheck = (entry: ChainLink) => string | undefined;

export interface EntryChecks {
  /** Before the link is recomputed: what the entry must look like (its fields and their types). */
  shape?: (entry: unknown) => string | undefined;
  /** After the link checked out (e.g. the shown fields derived again, Merkle inclusion). */
  sound?: EntryCheck;
}

/**
 * Recomputes a case's chain, entries in chain order, checking each entry's shape first when asked,
 * then its link, then `sound` (e.g. Merkle inclusion) on each sound link; reports the first entry
 * that fails any. Never throws on malformed input.
 */
export function verifyChain(
  entries: readonly unknown[],
  caseId?: string,
  checks: EntryChecks | EntryCheck = {},
): Verification {
  const { shape, sound: check } = typeof checks === 'function' ? { shape: undefined, sound: checks } : checks;
  let prevHash = GENESIS_HASH;
  let lastPosition = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as Partial<ChainLink> | null;
    let reason: string | undefined;
    try {
      reason = shape?.(entry) ?? linkProblem(entry, i, prevHash, lastPosition, caseId);
      if (!reason && check) reason = check(entry as ChainLink);
    } catch (error) {
      reason = `entry cannot be checked: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (reason) {
      const position = typeof entry?.position === 'number' ? entry.position : undefined;
      return {
        valid: false,
        checked: i + 1,
        ...(position !== undefined ? { firstBadPosition: position } : {}),
        reason,
      };
    }
    prevHash = entry!.hash!;
    lastPosition = entry!.position!;
  }
  return { valid: true, checked: entries.length };
}

/**
 * What is wrong with one link given the chain so far (its index in the case, the previous hash and
 * position), or undefined when its position grows, its sequence is the next, it belongs to the case
 * and its hash is the one recomputed from its content and predecessor.
 */
export function linkProblem(
  entry: Partial<ChainLink> | null,
  index: number,
  prevHash: string,
  lastPosition: number,
  caseId: string | undefined,
): string | undefined {
  if (!entry || typeof entry !== 'object') return 'entry is not an object';
  if (typeof entry.position !== 'number' || entry.position <= lastPosition)
    return 'position does not increase';
  if (entry.sequence !== index + 1) {
    const hint =
      typeof entry.sequence === 'number' && entry.sequence > index + 1
        ? 'an entry before it is missing'
        : 'entries are out of order or repeated';
    return `sequence ${String(entry.sequence)} where ${index + 1} was expected: ${hint}`;
  }
  if (caseId !== undefined && entry.caseId !== caseId) return `entry belongs to case ${String(entry.caseId)}`;
  // Hashed only as a string: any other value would be shown without being covered.
  const { ruleSetVersion } = entry as { ruleSetVersion?: unknown };
  if (ruleSetVersion !== undefined && ruleSetVersion !== null && typeof ruleSetVersion !== 'string')
    return `ruleSetVersion must be a string, not ${JSON.stringify(ruleSetVersion)}`;
  if (entry.prevHash !== prevHash) return 'prevHash does not match the previous entry';
  let recomputed: string;
  try {
    recomputed = linkHash(prevHash, entry as ChainedEvent);
  } catch (error) {
    return `entry cannot be hashed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (entry.hash !== recomputed) return 'hash does not match the entry';
  return undefined;
}
