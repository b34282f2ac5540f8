import { parseType } from '@landcase/contracts';
import type { ChainLink } from './chain.ts';

// The documents of a case's referrals, listed for whoever holds the audit bundle: per referral,
// every document attached (name, kind, media type, size, SHA-256, when, and the ledger position of
// the event that attached it) and what the receiver signed for. A court given the files checks
// each against a hash listed here; the list is derived from the chained events alone, so a
// verifier derives it again and refuses a bundle whose list says otherwise.

export interface ManifestDocument {
  name: string;
  kind: string;
  mediaType: string;
  size: number;
  sha256: string;
  attachedAt: string;
  /** The ledger position of the ReferralDocumentAttached entry. */
  position: number;
}

export interface ManifestReceipt {
  receivedAt: string;
  receivedBy: string | null;
  sha256: string[];
  /** The ledger position of the ReferralReceived entry. */
  position: number;
}

export interface ReferralDocuments {
  referralId: string;
  documents: ManifestDocument[];
  /** Each receipt that named documents, in order. */
  receipts: ManifestReceipt[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The referrals of the entries that attach or sign for documents, in order of first appearance. */
export function documentManifest(entries: readonly ChainLink[]): ReferralDocuments[] {
  const byReferral = new Map<string, ReferralDocuments>();
  const of = (referralId: string) => {
    let found = byReferral.get(referralId);
    if (!found) {
      found = { referralId, documents: [], receipts: [] };
      byReferral.set(referralId, found);
    }
    return found;
  };
  for (const entry of entries) {
    const type = parseType(entry.type);
    if (type?.service !== 'referral') continue;
    const data = (entry.data ?? {}) as Record<string, unknown>;
    const referralId = str(data.referralId);
    if (!referralId) continue;
    if (type.name === 'ReferralDocumentAttached') {
      of(referralId).documents.push({
        name: str(data.name),
        kind: str(data.kind),
        mediaType: str(data.mediaType),
        size: typeof data.size === 'number' ? data.size : 0,
        sha256: str(data.sha256),
        attachedAt: str(data.attachedAt),
        position: entry.position,
      });
    } else if (type.name === 'ReferralReceived' && Array.isArray(data.documents)) {
      of(referralId).receipts.push({
        receivedAt: str(data.receivedAt),
        receivedBy: typeof data.receivedBy === 'string' ? data.receivedBy : null,
        sha256: data.documents.filter((d): d is string => typeof d === 'string'),
        position: entry.position,
      });
    }
  }
  return [...byReferral.values()];
}

/** The manifest as lines a person reads (`landcase verify` prints them). */
export function manifestLines(manifest: readonly ReferralDocuments[]): string[] {
  const lines: string[] = [];
  for (const referral of manifest) {
    lines.push(`referral ${referral.referralId}:`);
    for (const d of referral.documents)
      lines.push(
        `  ${d.kind} "${d.name}" ${d.size} bytes ${d.mediaType} sha256=${d.sha256} (entry ${d.position})`,
      );
    for (const r of referral.receipts)
      lines.push(
        `  received ${r.receivedAt} by ${r.receivedBy ?? 'unnamed'}: ${r.sha256.length} document(s) (entry ${r.position})`,
      );
  }
  return lines;
}
