import type { CloudEvent } from '@landcase/contracts';
import type { Doc, ReadModelStore } from '@landcase/readmodels';
import { GENESIS_HASH, linkHash } from './chain.ts';
import { LEDGER_COLLECTION, LEDGER_HEADS_COLLECTION, type LedgerDoc, unchainedDoc } from './ledger-entry.ts';
import { ledgerEntriesGauge } from './ledger-metrics.ts';
import { ledgerTreeOf } from './ledger-tree.ts';

// Appends CloudEvents to the ledger, once each, chained per case, at gap-free global positions.
//
// Order: a case's chain is in ARRIVAL order. Kafka keeps one topic's messages for one key (case)
// in order, so each service's events of a case arrive in the order that service stored them;
// across topics nothing is guaranteed, so an enforcement event can be chained before a detection
// event with an earlier time. A hash chain cannot be re-sorted afterwards, so the ledger records
// what arrived when; readers that need event time (the state-at query) filter and sort by `time`
// and the producer's sequence themselves.
//
// Crash safety without transactions: the global head is the one commit point. It holds the last
// position AND the whole entry at that position (with its case sequence and prevHash), written in
// one versioned write (`upsert(doc, position)`), so a position is never taken without its entry:
// the Merkle tree over positions has no holes. The entry document and the case head (last
// sequence and hash of the case) are copies made after the commit. Before committing position
// p + 1 a writer first finishes the copies of position p, so only the newest entry can lack them,
// and the next append (or the start of the service) completes it. A second writer racing for the
// same position loses the versioned write and retries (the consumer retries a failed handler)
// instead of forking the global order or a case's chain.

interface GlobalHead extends Doc {
  position: number;
  entry: LedgerDoc;
}
interface CaseHead extends Doc {
  caseId: string;
  sequence: number;
  hash: string;
}

const GLOBAL_HEAD_ID = 'global';
const caseHeadId = (caseId: string) => `case:${caseId}`;

/** Positions this process has seen fully copied, per store: saves re-checking them on every append. */
const copiedUpTo = new WeakMap<ReadModelStore, number>();

export class LedgerConflict extends Error {
  override readonly name = 'LedgerConflict';
}

export type AppendOutcome = 'appended' | 'duplicate';

const heads = (readModels: ReadModelStore) =>
  readModels.collection<GlobalHead | CaseHead>(LEDGER_HEADS_COLLECTION);
const ledgerOf = (readModels: ReadModelStore) => readModels.collection<LedgerDoc>(LEDGER_COLLECTION);

async function globalHead(readModels: ReadModelStore): Promise<GlobalHead | null> {
  const head = (await heads(readModels).get(GLOBAL_HEAD_ID)) as GlobalHead | null;
  return head && typeof head.position === 'number' && head.entry ? head : null;
}

/** Writes the entry document and the case head of a committed entry; idempotent. */
async function copyCommitted(readModels: ReadModelStore, entry: LedgerDoc): Promise<void> {
  if ((copiedUpTo.get(readModels) ?? 0) >= entry.position) return;
  await ledgerOf(readModels).upsert(entry, entry.position);
  await heads(readModels).upsert(
    { id: caseHeadId(entry.caseId), caseId: entry.caseId, sequence: entry.sequence, hash: entry.hash },
    entry.sequence,
  );
  copiedUpTo.set(readModels, entry.position);
  ledgerTreeOf(readModels).offer(entry.position, entry.hash);
}

export async function appendToLedger(
  readModels: ReadModelStore,
  event: CloudEvent,
  now: Date,
): Promise<AppendOutcome> {
  // The duplicate check comes after reading the global head: an entry committed at or before that
  // position is then either the head itself or already copied, so two writers handed the same
  // event (a rebalance) cannot both append it: the second finds it or loses the position.
  const global = await globalHead(readModels);
  if (global) {
    await copyCommitted(readModels, global.entry);
    if (global.entry.id === event.id) return 'duplicate';
  }
  if (await ledgerOf(readModels).get(event.id)) return 'duplicate';

  const caseId = event.subject;
  const head = (await heads(readModels).get(caseHeadId(caseId))) as CaseHead | null;
  const position = (global?.position ?? 0) + 1;
  const sequence = (head?.sequence ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const entry: LedgerDoc = {
    ...unchainedDoc(event, now.toISOString()),
    position,
    sequence,
    prevHash,
    hash: '',
  };
  entry.hash = linkHash(prevHash, entry);

  const committed = await heads(readModels).upsert({ id: GLOBAL_HEAD_ID, position, entry }, position);
  if (!committed) throw new LedgerConflict(`ledger position ${position} was taken by another writer`);
  ledgerEntriesGauge(readModels).set(position);
  await copyCommitted(readModels, entry);
  return 'appended';
}

/** Completes the copies of the newest entry, should the last append have stopped after its commit. */
export async function recoverLedger(readModels: ReadModelStore): Promise<void> {
  const global = await globalHead(readModels);
  if (global) await copyCommitted(readModels, global.entry);
  ledgerEntriesGauge(readModels).set(global?.position ?? 0);
}

/** How many positions the ledger holds (the last position committed). */
export async function ledgerSize(readModels: ReadModelStore): Promise<number> {
  return (await globalHead(readModels))?.position ?? 0;
}

/**
 * The committed entries at positions from..to (inclusive), in position order, as stored; the
 * newest is taken from the commit itself should its copy not be written yet.
 */
export async function ledgerRange(
  readModels: ReadModelStore,
  from: number,
  to: number,
): Promise<LedgerDoc[]> {
  if (to < from) return [];
  const ledger = ledgerOf(readModels);
  const count = to - from + 1;
  const sort = { field: 'position', direction: 1 } as const;
  // A long range (a page of a tree rebuild) is a range on the unique position index: the store
  // seeks to `from` instead of skipping its way there, so reading the whole ledger page by page
  // stays linear in its length. A short one (the entries since the last sync) is a set of point
  // lookups, which every server answers from the index (the test server scans for ranges).
  const docs =
    count > 256
      ? await ledger.find({ position: { gte: from, lte: to } }, { sort, limit: count })
      : await ledger.find({ position: Array.from({ length: count }, (_, i) => from + i) }, { sort });
  const global = await globalHead(readModels);
  if (
    global &&
    global.position >= from &&
    global.position <= to &&
    docs.at(-1)?.position !== global.position
  ) {
    docs.push(global.entry);
  }
  return docs.filter((d) => d.position >= from && d.position <= to);
}

/** A case's ledger entries in chain order. */
export async function caseEntries(readModels: ReadModelStore, caseId: string): Promise<LedgerDoc[]> {
  return ledgerOf(readModels).find({ caseId }, { sort: { field: 'sequence', direction: 1 } });
}

export async function ensureLedgerIndexes(readModels: ReadModelStore): Promise<void> {
  const ledger = ledgerOf(readModels);
  await ledger.ensureIndex(['caseId', 'sequence'], { unique: true });
  await ledger.ensureIndex(['position'], { unique: true });
}
