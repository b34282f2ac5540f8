import { type AccessKey, PARTY_MATCH_AUDIENCE, partyMatchMachine } from '@landcase/lifecycle';
import {
  aggregateDue,
  type CheckedResource,
  checkedResource,
  type Due,
  loadAggregate,
  NotFound,
  nullIfNotFound,
  replyAggregate,
  type ServiceContext,
} from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import { type PartyMatchFields, partyMatchFields, partyMatchStreamId } from './party-match.ts';

export interface PartyMatchView {
  matchId: string;
  caseId: string;
  snapshot: Parameters<typeof replyAggregate>[1]['snapshot'];
  revision: number;
  fields: PartyMatchFields;
  /** Its next deadline as of the read (deadlines/due.ts in the kit), null when none runs. */
  due: Due | null;
}

/** The match folded from its stream (the source of truth). NotFound when there is none. */
export async function loadPartyMatch(ctx: ServiceContext, matchId: string): Promise<PartyMatchView> {
  const { snapshot, revision, events } = await loadAggregate(ctx, {
    streamId: partyMatchStreamId(matchId),
    machine: partyMatchMachine,
    notFound: `no possible same party ${matchId}`,
  });
  const fields = partyMatchFields(events);
  if (!fields) throw new NotFound(`no possible same party ${matchId}`);
  const due = aggregateDue(ctx, partyMatchMachine, events, snapshot);
  return { matchId, caseId: fields.caseId, snapshot, revision, fields, due };
}

/**
 * The access check of a route on the match its path names: the bureau of the cases' county (or
 * above it) and the auditor see it; for anyone else it does not exist (404).
 */
export const partyMatchCheck = (ctx: ServiceContext, key: AccessKey): CheckedResource<PartyMatchView> =>
  checkedResource(
    key,
    (request) => nullIfNotFound(loadPartyMatch(ctx, (request.params as { id: string }).id)),
    (view) => ({ divisionCode: view.fields.countyCode, audience: PARTY_MATCH_AUDIENCE }),
    (request) => `possible same party ${(request.params as { id: string }).id}`,
  );

export function replyPartyMatch(reply: FastifyReply, view: PartyMatchView, status = 200) {
  return replyAggregate(reply, {
    status,
    id: view.matchId,
    caseId: view.caseId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: view.fields,
    due: view.due,
  });
}
