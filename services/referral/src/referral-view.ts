import type { Actor } from '@landcase/contracts';
import { referralMachine } from '@landcase/lifecycle';
import { loadAggregate, NotFound, replyAggregate, type ServiceContext } from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import { canSee } from './access.ts';
import { type ReferralFields, referralFields, referralStreamId } from './referral.ts';

export interface ReferralView {
  referralId: string;
  caseId: string;
  snapshot: Parameters<typeof replyAggregate>[1]['snapshot'];
  revision: number;
  fields: ReferralFields;
}

/** The referral folded from its stream (the source of truth). NotFound when there is none. */
export async function loadReferral(ctx: ServiceContext, referralId: string): Promise<ReferralView> {
  const { snapshot, revision, events } = await loadAggregate(ctx, {
    streamId: referralStreamId(referralId),
    machine: referralMachine,
  });
  const fields = referralFields(events);
  if (!fields) throw new NotFound(`no referral ${referralId}`);
  return { referralId, caseId: fields.caseId, snapshot, revision, fields };
}

/** As loadReferral, but a referral the actor is not party to does not exist for them. */
export async function loadVisibleReferral(
  ctx: ServiceContext,
  actor: Actor,
  referralId: string,
): Promise<ReferralView> {
  const view = await loadReferral(ctx, referralId);
  if (!canSee(actor, view.fields)) throw new NotFound(`no referral ${referralId}`);
  return view;
}

export function replyReferral(reply: FastifyReply, view: ReferralView, status = 200) {
  return replyAggregate(reply, {
    status,
    id: view.referralId,
    caseId: view.caseId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: view.fields,
  });
}
