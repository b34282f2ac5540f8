// What an auditor reads off an entry besides its type and actor: the documents it refers to and,
// for a DeadlineMissed event, which deadline passed. Both come from the event data as stored; they
// are derived for reading and are not part of the hash.

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

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function documentsOf(data: unknown): DocumentReference[] {
  if (!data || typeof data !== 'object') return [];
  const record = data as Record<string, unknown>;
  const found: DocumentReference[] = [];
  for (const field of REFERENCE_FIELDS) {
    const ref = text(record[field]);
    if (ref) found.push({ kind: field, ref });
  }
  if (Array.isArray(record.documents)) {
    for (const doc of record.documents) {
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
