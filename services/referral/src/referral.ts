import { type ReferralEvent, type ReferralEventData, streamName } from '@landcase/contracts';
import { requiredReferralDocuments } from '@landcase/lifecycle';
import type { StreamEvent } from '@landcase/service-kit';

// The referral aggregate as the API shows it. The state comes from the lifecycle machine; the
// fields are folded here from the event data, so views do not depend on the machine's context.

export const referralStreamId = (referralId: string): string =>
  streamName('referral', 'referral', referralId);

/** Referrals drafted by a rule get a deterministic id, so a redelivered trigger drafts nothing new. */
export const ruleReferralId = (caseId: string, to: string): string => `${caseId}.${to}`;

type Drafted = ReferralEventData['ReferralDrafted'];
type Decided = ReferralEventData['ReferralDecided'];
type Feedback = ReferralEventData['FeedbackGiven'];
type Missed = ReferralEventData['DeadlineMissed'];

/**
 * A document of the referral as the view lists it: one named in the draft by reference, or one
 * attached (its bytes in the document store, `ref` = `sha256:<hex>`, readable at
 * `GET /referrals/{id}/documents/{sha256}`).
 */
export interface ReferralDocument {
  kind: string;
  ref: string;
  sha256?: string;
  name?: string;
  mediaType?: string;
  size?: number;
  attachedAt?: string;
  /** Who attached it, as `<agency>:<user>`. */
  attachedBy?: string | null;
}

/** What a referral to its agency must carry before dispatch (rule `referral.documents.<to>`), and what it lacks. */
export interface RequiredDocuments {
  ruleId: string;
  source: string;
  kinds: string[];
  missing: string[];
}

/** The receipt (回执): when, by whom, and each document signed for by its hash. */
export interface Receipt {
  receivedAt: string;
  receivedBy: string | null;
  documents: { sha256: string; kind: string | null; name: string | null }[];
}

export interface Supplement {
  what: string;
  requestedAt: string;
  requestedBy: string | null;
  provided: {
    documents: string[];
    note: string | null;
    providedAt: string;
    providedBy: string | null;
  } | null;
}

/** A draft's placeholders for documents to come (`pending:...`), which the attached documents replace. */
const isPlaceholder = (doc: { ref: string }): boolean => doc.ref.startsWith('pending:');

export type ReferralFields = Omit<Drafted, 'documents'> & {
  documents: ReferralDocument[];
  requiredDocuments: RequiredDocuments;
  receipt: Receipt | null;
  draftedAt: string | null;
  approval: { approved: boolean; note: string; decidedAt: string | null } | null;
  dispatchedAt: string | null;
  receivedAt: string | null;
  /** Every filing decision of the receiving agency, the one after a reconsideration included. */
  decisions: (Omit<Decided, 'caseId' | 'referralId'> & { decidedAt: string | null })[];
  reconsiderations: { reason: string; requestedAt: string | null }[];
  feedback: (Omit<Feedback, 'caseId' | 'referralId'> & { givenAt: string | null }) | null;
  /** The case sent back by the receiving agency (Order 310 art. 13). */
  returned: { reason: string; returnedAt: string } | null;
  /**
   * Each request for supplementary material (Order 310 art. 8), with what was supplied: the
   * receiver's decision period stands still from the request to the supply.
   */
  supplements: Supplement[];
  deadlinesMissed: Omit<Missed, 'caseId'>[];
};

/** Folds a referral's events into its fields; null before it was drafted. */
export function referralFields(events: readonly StreamEvent[]): ReferralFields | null {
  return events.reduce<ReferralFields | null>(evolveReferral, null);
}

/** One event applied to the fields (null before it was drafted). */
export function evolveReferral(prior: ReferralFields | null, raw: StreamEvent): ReferralFields | null {
  let f = prior;
  const event = raw as unknown as ReferralEvent;
  const at = raw.recordedAt;
  if (event.type === 'ReferralDrafted') {
    f = {
      ...event.data,
      documents: event.data.documents.filter((doc) => !isPlaceholder(doc)),
      requiredDocuments: required(event.data.to, []),
      receipt: null,
      draftedAt: at,
      approval: null,
      dispatchedAt: null,
      receivedAt: null,
      decisions: [],
      reconsiderations: [],
      feedback: null,
      returned: null,
      supplements: [],
      deadlinesMissed: [],
    };
    return f;
  }
  if (!f) return f;
  switch (event.type) {
    case 'ReferralApprovalDecided':
      f = { ...f, approval: { approved: event.data.approved, note: event.data.note, decidedAt: at } };
      break;
    case 'ReferralDispatched':
      f = { ...f, dispatchedAt: event.data.dispatchedAt };
      break;
    case 'ReferralDocumentAttached': {
      const { caseId: _, referralId: _r, ...doc } = event.data;
      const actor = raw.metadata?.actor;
      const documents: ReferralDocument[] = [
        ...f.documents,
        { ...doc, ref: `sha256:${doc.sha256}`, attachedBy: typeof actor === 'string' ? actor : null },
      ];
      f = { ...f, documents, requiredDocuments: required(f.to, documents) };
      break;
    }
    case 'ReferralReceived': {
      const actor = raw.metadata?.actor;
      const receipt = receiptOf(f.documents, event.data, typeof actor === 'string' ? actor : null);
      f = { ...f, receivedAt: event.data.receivedAt, receipt };
      break;
    }
    case 'ReferralDecided': {
      const { caseId: _, referralId: _r, ...decision } = event.data;
      f = { ...f, decisions: [...f.decisions, { ...decision, decidedAt: at }] };
      break;
    }
    case 'ReconsiderationRequested':
      f = {
        ...f,
        reconsiderations: [...f.reconsiderations, { reason: event.data.reason, requestedAt: at }],
      };
      break;
    case 'FeedbackGiven': {
      const { caseId: _, referralId: _r, ...feedback } = event.data;
      f = { ...f, feedback: { ...feedback, givenAt: at } };
      break;
    }
    case 'SupplementRequested': {
      const actor = raw.metadata?.actor;
      const supplement: Supplement = {
        what: event.data.what,
        requestedAt: event.data.requestedAt,
        requestedBy: typeof actor === 'string' ? actor : null,
        provided: null,
      };
      f = { ...f, supplements: [...f.supplements, supplement] };
      break;
    }
    case 'SupplementProvided': {
      const actor = raw.metadata?.actor;
      const provided = {
        documents: event.data.documents,
        note: event.data.note ?? null,
        providedAt: event.data.providedAt,
        providedBy: typeof actor === 'string' ? actor : null,
      };
      const supplements: Supplement[] = f.supplements.map((s, i, all) =>
        i === all.length - 1 && s.provided === null ? { ...s, provided } : s,
      );
      f = { ...f, supplements };
      break;
    }
    case 'ReferralReturned':
      f = { ...f, returned: { reason: event.data.reason, returnedAt: event.data.returnedAt } };
      break;
    case 'DeadlineMissed': {
      const { caseId: _, ...missed } = event.data;
      f = { ...f, deadlinesMissed: [...f.deadlinesMissed, missed] };
      break;
    }
  }
  return f;
}

/** The rule's kinds for the receiving agency, and those no attached document has yet. */
function required(to: string, documents: readonly ReferralDocument[]): RequiredDocuments {
  const { ruleId, source, kinds } = requiredReferralDocuments(to);
  const attached = new Set<string>(documents.filter((d) => d.sha256 && d.attachedAt).map((d) => d.kind));
  return {
    ruleId,
    source,
    kinds: [...kinds],
    missing: kinds.filter((kind) => !attached.has(kind)),
  };
}

/** The receipt, each hash signed for with the kind and name of the document attached under it. */
function receiptOf(
  documents: readonly ReferralDocument[],
  data: ReferralEventData['ReferralReceived'],
  actor: string | null,
): Receipt {
  const byHash = new Map<string, ReferralDocument>();
  for (const doc of documents) if (doc.sha256) byHash.set(doc.sha256, doc);
  return {
    receivedAt: data.receivedAt,
    receivedBy: data.receivedBy ?? actor,
    documents: (data.documents ?? []).map((sha256) => ({
      sha256,
      kind: byHash.get(sha256)?.kind ?? null,
      name: byHash.get(sha256)?.name ?? null,
    })),
  };
}
