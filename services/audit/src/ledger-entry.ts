import { type CloudEvent, parseSequence } from '@landcase/contracts';
import type { Doc } from '@landcase/readmodels';
import type { ChainLink } from './chain.ts';
import { type DocumentReference, derivedFields, type MissedDeadline } from './entry-details.ts';

export const LEDGER_COLLECTION = 'audit.ledger';
export const LEDGER_HEADS_COLLECTION = 'audit.ledger-heads';

/**
 * One ledger document per CloudEvent (`id` = the CloudEvent id, which makes redelivery a no-op).
 * The chained fields are the CloudEvent's own; the rest is derived from them (entry-details.ts,
 * which a verifier derives again) or is the ledger's bookkeeping, and is not covered by the hash.
 */
export interface LedgerFields extends ChainLink {
  /** Producing service and event name, parsed from `type` (`landcase.<service>.<name>.v<n>`). */
  service: string;
  name: string;
  /** Agency part of `actor` (`<agency>:<sub>`). */
  agency: string;
  /** The producer's store position (CloudEvent `sequence`), when it sent one. */
  producerSequence: number | null;
  /** When the ledger took the event in (the ledger's clock). */
  ledgeredAt: string;
}
export type LedgerDoc = Doc & LedgerFields;

/** What the timeline and the export show for each entry. */
export interface TimelineEntry extends ChainLink {
  service: string;
  name: string;
  agency: string;
  /** Documents the event refers to (document numbers, referral documents). */
  documents: DocumentReference[];
  /** On a DeadlineMissed entry: the deadline that passed. */
  deadlineMissed?: MissedDeadline;
}

export function unchainedDoc(
  event: CloudEvent,
  ledgeredAt: string,
): Omit<LedgerFields, 'position' | 'sequence' | 'prevHash' | 'hash'> {
  const ruleSetVersion = (event as { rulesetversion?: unknown }).rulesetversion;
  return {
    id: event.id,
    caseId: event.subject,
    source: event.source,
    type: event.type,
    time: event.time,
    actor: event.actor,
    division: event.division,
    correlationId: event.correlationid,
    causationId: event.causationid,
    ...(typeof ruleSetVersion === 'string' ? { ruleSetVersion } : {}),
    data: event.data ?? null,
    ...shownAttributes(event),
    // Zero-padded since it was made to sort as text; the unpadded values stored before read alike.
    producerSequence: parseSequence(event.sequence),
    ledgeredAt,
  };
}

/** The service, name and agency the ledger keeps beside the event (for its queries). */
function shownAttributes(event: CloudEvent): Pick<LedgerFields, 'service' | 'name' | 'agency'> {
  const { service, name, agency } = derivedFields({
    type: event.type,
    source: event.source,
    actor: event.actor,
    data: event.data ?? null,
  });
  return { service, name, agency };
}

/** Picks the published fields, so nothing an adapter keeps beside a document leaks out. */
export function timelineEntry(doc: LedgerDoc): TimelineEntry {
  const { documents, deadlineMissed } = derivedFields(doc);
  return {
    position: doc.position,
    sequence: doc.sequence,
    id: doc.id,
    caseId: doc.caseId,
    hash: doc.hash,
    prevHash: doc.prevHash,
    actor: doc.actor,
    agency: doc.agency,
    division: doc.division,
    type: doc.type,
    service: doc.service,
    name: doc.name,
    source: doc.source,
    time: doc.time,
    correlationId: doc.correlationId,
    causationId: doc.causationId,
    ...(typeof doc.ruleSetVersion === 'string' ? { ruleSetVersion: doc.ruleSetVersion } : {}),
    data: doc.data,
    documents,
    ...(deadlineMissed ? { deadlineMissed } : {}),
  };
}
