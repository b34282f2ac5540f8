import type { Actor } from '@landcase/contracts';
import { partyMatchMachine } from '@landcase/lifecycle';
import { loadAggregate, NotFound, replyAggregate, type ServiceContext } from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import { canSeePartyMatches } from './access.ts';
import { type PartyMatchFields, partyMatchFields, partyMatchStreamId } from './party-match.ts';

export interface PartyMatchView {
  matchId: string;
  caseId: string;
  snapshot: Parameters<typeof replyAggregate>[1]['snapshot'];
  revision: number;
  fields: PartyMatchFields;
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
  return { matchId, caseId: fields.caseId, snapshot, revision, fields };
}

/** As loadPartyMatch, but not there for an agency that does not see them. */
export async function loadVisiblePartyMatch(
  ctx: ServiceContext,
  actor: Actor,
  matchId: string,
): Promise<PartyMatchView> {
  if (!canSeePartyMatches(actor)) throw new NotFound(`no possible same party ${matchId}`);
  return loadPartyMatch(ctx, matchId);
}

export function replyPartyMatch(reply: FastifyReply, view: PartyMatchView, status = 200) {
  return replyAggregate(reply, {
    status,
    id: view.matchId,
    caseId: view.caseId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: view.fields,
  });
}
