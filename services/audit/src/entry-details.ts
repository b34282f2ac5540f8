import { parseActor, parseType } from '@landcase/contracts';

// What an auditor reads off an entry besides the chained event itself: the producing service, the
// event's name and the acting agency, the documents it refers to and, for a DeadlineMissed event,
// which deadline passed. Each is derived from chained fields (type, source, actor, data) by the
// functions below, which the ledger uses to show them and a verifier uses to check them: they are
// not hashed, so a verifier derives them again and compares, and an edited one is caught.

/** A document an event refers to: the field it came from (or the document's own kind) and its reference. */
export interface DocumentReference {
  kind: string;
  ref: string;
  sha256?: string;
}

/** The deadline a DeadlineMissed event reports. */
export interface MissedDeadline {
  deadlineId: string;
  state: string;
  dueAt: string;
  rule: string;
  source: string;
}

/** Fields of the event catalogue that carry a single document number. */
const REFERENCE_FIELDS = ['documentRef', 'noticeRef', 'decisionRef', 'filingNo', 'rulingRef', 'approvalRef'];

const HEX64 = /^[0-9a-f]{64}$/;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function documentsOf(data: unknown): DocumentReference[] {
  if (!data || typeof data !== 'object') return [];
  const record = data as Record<string, unknown>;
  const found: DocumentReference[] = [];
  for (const field of REFERENCE_FIELDS) {
    const ref = text(record[field]);
    if (ref) found.push({ kind: field, ref });
  }
  // A document kept by its hash (a referral's attached document): its name, kind and SHA-256.
  const ownHash = text(record.sha256);
  if (ownHash && HEX64.test(ownHash) && text(record.kind) && text(record.name)) {
    found.push({ kind: text(record.kind)!, ref: text(record.name)!, sha256: ownHash });
  }
  if (Array.isArray(record.documents)) {
    for (const doc of record.documents) {
      // A receipt names what it received by hash alone.
      if (typeof doc === 'string' && HEX64.test(doc)) {
        found.push({ kind: 'received', ref: doc, sha256: doc });
        continue;
      }
      const d = (doc ?? {}) as Record<string, unknown>;
      const ref = text(d.ref);
      if (!ref) continue;
      const sha256 = text(d.sha256);
      found.push({ kind: text(d.kind) ?? 'document', ref, ...(sha256 ? { sha256 } : {}) });
    }
  }
  return found;
}

export function missedDeadlineOf(name: string, data: unknown): MissedDeadline | undefined {
  if (name !== 'DeadlineMissed' || !data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  return {
    deadlineId: String(d.deadlineId ?? ''),
    state: String(d.state ?? ''),
    dueAt: String(d.dueAt ?? ''),
    rule: String(d.rule ?? ''),
    source: String(d.source ?? ''),
  };
}

/** The fields an entry shows that are derived from its chained ones. */
export interface DerivedFields {
  /** Producing service and event name, parsed from `type` (`landcase.<service>.<name>.v<n>`). */
  service: string;
  name: string;
  /** Agency part of `actor` (`<agency>:<sub>`). */
  agency: string;
  documents: DocumentReference[];
  deadlineMissed?: MissedDeadline;
}

/** Derives the shown fields from the chained `type`, `source`, `actor` and `data`. */
export function derivedFields(event: {
  type: string;
  source: string;
  actor: string;
  data: unknown;
}): DerivedFields {
  const parsed = parseType(event.type);
  const name = parsed?.name ?? event.type;
  const deadlineMissed = missedDeadlineOf(name, event.data);
  return {
    service: parsed?.service ?? event.source.replace(/^\/landcase\//, ''),
    name,
    agency: parseActor(event.actor ?? '').agency,
    documents: documentsOf(event.data),
    ...(deadlineMissed ? { deadlineMissed } : {}),
  };
}
