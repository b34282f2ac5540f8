import {
  type CloudEvent,
  parseType,
  type ReferralEventData,
  ReferralEvents,
  TOPICS,
} from '@landcase/contracts';
import type { Doc, ReadModelStore } from '@landcase/readmodels';
import { checkedData, project, type ServiceContext } from '@landcase/service-kit';

// The possible same parties the referral service raised between this service's cases (疑似同一
// 当事人), as its events tell them: shown on each of the two cases, so that whoever reads a case
// sees that its party may be another case's, and what the bureau answered.

export const PARTY_MATCHES_COLLECTION = 'enforcement.party-matches';

type Suspected = ReferralEventData['PartyMatchSuspected'];
type Confirmed = ReferralEventData['PartyMatchConfirmed'];
type Rejected = ReferralEventData['PartyMatchRejected'];

export interface PartyMatchDoc extends Doc {
  /** The match id, `<caseId>~<caseId>`. */
  id: string;
  caseIds: string[];
  state: 'suspected' | 'confirmed' | 'rejected';
  /** Both cases as the match names them, the earlier filed first (absent if its raising was not seen). */
  cases?: Suspected['cases'];
  raisedAt?: string;
  confirmation?: Omit<Confirmed, 'caseId' | 'matchId' | 'caseIds'>;
  rejection?: Omit<Rejected, 'caseId' | 'matchId' | 'caseIds'>;
}

/** What the case shows of a match: the other case, and where the match stands. */
export interface CasePartyMatch {
  matchId: string;
  state: PartyMatchDoc['state'];
  otherCaseId: string;
  otherCase: Suspected['cases'][number] | null;
  raisedAt: string | null;
  confirmation: PartyMatchDoc['confirmation'] | null;
  rejection: PartyMatchDoc['rejection'] | null;
}

const matches = (readModels: ReadModelStore) =>
  readModels.collection<PartyMatchDoc>(PARTY_MATCHES_COLLECTION);

/** The document after one event, and its version: raised is 1, answered 2 (an answer is final). */
export async function applyPartyMatchEvent(readModels: ReadModelStore, event: CloudEvent): Promise<void> {
  const name = parseType(event.type)?.name;
  if (name === 'PartyMatchSuspected') {
    const raised = checkedData<Suspected>(ReferralEvents.PartyMatchSuspected, event, name);
    await matches(readModels).upsert(
      {
        id: raised.matchId,
        caseIds: raised.cases.map((c) => c.caseId),
        state: 'suspected',
        cases: raised.cases,
        raisedAt: raised.raisedAt,
      },
      1,
    );
    return;
  }
  if (name !== 'PartyMatchConfirmed' && name !== 'PartyMatchRejected') return;
  const answer =
    name === 'PartyMatchConfirmed'
      ? checkedData<Confirmed>(ReferralEvents.PartyMatchConfirmed, event, name)
      : checkedData<Rejected>(ReferralEvents.PartyMatchRejected, event, name);
  const { caseId: _, matchId, caseIds, ...recorded } = answer;
  const before = await matches(readModels).get(matchId);
  await matches(readModels).upsert(
    {
      ...(before ?? {}),
      id: matchId,
      caseIds,
      ...(name === 'PartyMatchConfirmed'
        ? { state: 'confirmed', confirmation: recorded as PartyMatchDoc['confirmation'] }
        : { state: 'rejected', rejection: recorded as PartyMatchDoc['rejection'] }),
    },
    2,
  );
}

export function projectPartyMatches(ctx: ServiceContext) {
  return project(ctx, {
    name: 'party-matches',
    topics: [TOPICS.referral],
    apply: (event, readModels) => applyPartyMatchEvent(readModels, event),
  });
}

/** The matches either case of which is this one, oldest first. */
export async function partyMatchesOfCase(
  readModels: ReadModelStore,
  caseId: string,
): Promise<CasePartyMatch[]> {
  const docs = await matches(readModels).find(
    { caseIds: caseId },
    { sort: { field: 'raisedAt', direction: 1 } },
  );
  return docs.map((doc) => {
    const otherCaseId = doc.caseIds.find((id) => id !== caseId) ?? caseId;
    return {
      matchId: doc.id,
      state: doc.state,
      otherCaseId,
      otherCase: doc.cases?.find((c) => c.caseId === otherCaseId) ?? null,
      raisedAt: doc.raisedAt ?? null,
      confirmation: doc.confirmation ?? null,
      rejection: doc.rejection ?? null,
    };
  });
}

export async function ensurePartyMatchIndexes(readModels: ReadModelStore): Promise<void> {
  await matches(readModels).ensureIndex(['caseIds']);
}
