import type { CloudEvent } from '@landcase/contracts';
import type { Doc, ReadModelStore } from '@landcase/readmodels';
import { GENESIS_HASH, linkHash } from './chain.ts';
import { LEDGER_COLLECTION, LEDGER_HEADS_COLLECTION, type LedgerDoc, unchainedDoc } from './ledger-entry.ts';

// Appends CloudEvents to the ledger, once each, chained per case.
//
// Order: a case's chain is in ARRIVAL order. Kafka keeps one topic's messages for one key (case)
// in order, so each service's events of a case arrive in the order that service stored them;
// across topics nothing is guaranteed, so an enforcement event can be chained before a detection
// event with an earlier time. A hash chain cannot be re-sorted afterwards, so the ledger records
// what arrived when; readers that need event time (the state-at query) filter and sort by `time`
// and the producer's sequence themselves.
//
// Crash safety, without transactions: the case head (the last sequence and hash of a case) is the
// commit point and carries the entry it commits (`pending`); the entry document is written after
// it. A redelivery, or the next event of the case, first finishes a pending entry whose document
// is missing. Heads are written with `upsert(doc, version)`, version = sequence (global head:
// position), so a second writer racing for the same sequence or position loses and retries
// instead of forking the chain. A crash between taking a global position and committing the case
// head leaves that position unused: positions strictly increase but may skip.

interface GlobalHead extends Doc {
  position: number;
  eventId: string;
}
interface CaseHead extends Doc {
  caseId: string;
  sequence: number;
  hash: string;
  pending: LedgerDoc;
}

const GLOBAL_HEAD_ID = 'global';
const caseHeadId = (caseId: string) => `case:${caseId}`;

export class LedgerConflict extends Error {
  override readonly name = 'LedgerConflict';
}

export type AppendOutcome = 'appended' | 'duplicate';

export async function appendToLedger(
  readModels: ReadModelStore,
  event: CloudEvent,
  now: Date,
): Promise<AppendOutcome> {
  const ledger = readModels.collection<LedgerDoc>(LEDGER_COLLECTION);
  const heads = readModels.collection<GlobalHead | CaseHead>(LEDGER_HEADS_COLLECTION);
  if (await ledger.get(event.id)) return 'duplicate';

  const caseId = event.subject;
  const head = (await heads.get(caseHeadId(caseId))) as CaseHead | null;
  if (head?.pending && !(await ledger.get(head.pending.id))) {
    await ledger.upsert(head.pending, head.pending.position);
    if (head.pending.id === event.id) return 'duplicate';
  }

  const global = (await heads.get(GLOBAL_HEAD_ID)) as GlobalHead | null;
  let position: number;
  if (global?.eventId === event.id) {
    position = global.position; // taken by an attempt that stopped before committing the case head
  } else {
    position = (global?.position ?? 0) + 1;
    const taken = await heads.upsert({ id: GLOBAL_HEAD_ID, position, eventId: event.id }, position);
    if (!taken) throw new LedgerConflict(`ledger position ${position} was taken by another writer`);
  }

  const sequence = (head?.sequence ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const unchained = unchainedDoc(event, now.toISOString());
  const entry: LedgerDoc = { ...unchained, position, sequence, prevHash, hash: '' };
  entry.hash = linkHash(prevHash, entry);

  const committed = await heads.upsert(
    { id: caseHeadId(caseId), caseId, sequence, hash: entry.hash, pending: entry },
    sequence,
  );
  if (!committed) throw new LedgerConflict(`case ${caseId} sequence ${sequence} was taken by another writer`);
  await ledger.upsert(entry, position);
  return 'appended';
}

/** A case's ledger entries in chain order. */
export async function caseEntries(readModels: ReadModelStore, caseId: string): Promise<LedgerDoc[]> {
  return readModels
    .collection<LedgerDoc>(LEDGER_COLLECTION)
    .find({ caseId }, { sort: { field: 'sequence', direction: 1 } });
}

export async function ensureLedgerIndexes(readModels: ReadModelStore): Promise<void> {
  const ledger = readModels.collection<LedgerDoc>(LEDGER_COLLECTION);
  await ledger.ensureIndex(['caseId', 'sequence'], { unique: true });
  await ledger.ensureIndex(['position'], { unique: true });
}
