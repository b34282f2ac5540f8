import type { RecordedEvent } from '@landcase/eventstore';
import { type AccessKey, referralMachine } from '@landcase/lifecycle';
import {
  aggregateDue,
  type CheckedResource,
  checkedResource,
  type DeadlineRun,
  type Due,
  loadAggregate,
  NotFound,
  nullIfNotFound,
  replyAggregate,
  type ServiceContext,
} from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import { partiesFacts } from './access.ts';
import { type ReferralFields, referralFields, referralStreamId } from './referral.ts';

export interface ReferralView {
  referralId: string;
  caseId: string;
  snapshot: Parameters<typeof replyAggregate>[1]['snapshot'];
  revision: number;
  fields: ReferralFields;
  /** Its next deadline as of the read (deadlines/due.ts in the kit), null when none runs. */
  due: Due | null;
}

/** A referral as read from its stream, with the stream. */
export interface LoadedReferral extends ReferralView {
  events: RecordedEvent[];
}

/** The referral folded from its stream (the source of truth). NotFound when there is none. */
export async function loadReferral(ctx: ServiceContext, referralId: string): Promise<LoadedReferral> {
  const { snapshot, revision, events } = await loadAggregate(ctx, {
    streamId: referralStreamId(referralId),
    machine: referralMachine,
  });
  const fields = referralFields(events);
  if (!fields) throw new NotFound(`no referral ${referralId}`);
  const due = aggregateDue(ctx, referralMachine, events, snapshot);
  return { referralId, caseId: fields.caseId, snapshot, revision, fields, events, due };
}

/**
 * The access check of a route on the referral its path names (`/referrals/:id`): 404 when there is
 * none or the caller is not party to it, 403 when it may see but not do `key`.
 */
export const referralCheck = (ctx: ServiceContext, key: AccessKey): CheckedResource<LoadedReferral> =>
  checkedResource(
    key,
    (request) => nullIfNotFound(loadReferral(ctx, (request.params as { id: string }).id)),
    (referral) => partiesFacts(referral.fields),
    (request) => `referral ${(request.params as { id: string }).id}`,
  );

export function replyReferral(
  reply: FastifyReply,
  view: ReferralView,
  status = 200,
  commandsAllowed?: readonly string[],
  deadlines?: readonly DeadlineRun[],
) {
  return replyAggregate(reply, {
    status,
    id: view.referralId,
    caseId: view.caseId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: deadlines ? { ...view.fields, deadlines } : view.fields,
    due: view.due,
    ...(commandsAllowed ? { commandsAllowed } : {}),
  });
}
