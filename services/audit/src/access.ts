import { type Actor, formatActor, parseActor, streamName } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';

// The record of every read of a case's audit data. Who may read it is the access policy's
// (`audit.case.*`: auditors and the natural resources bureau within their divisions; auditors
// alone see the access log). Nothing here changes a case: the audit service has no commands.
//
// Each read that returns data is appended, before the answer leaves, as a `CaseRecordRead` event
// to the audit service's own stream `audit.access-<caseId>` in the event store. That makes the
// access log part of the record rather than a read model: it is as durable as every other event,
// the relay publishes it on `landcase.audit.v1`, and the ledger chains it like any event, under
// its own chain `access:<caseId>` (the CloudEvent subject). A separate chain keeps reads out of
// the case's own timeline, verification count and state, while tampering with the log breaks its
// chain and the ledger's Merkle tree like any other entry. If the read cannot be recorded, the
// data is not returned.

export const ACCESS_EVENT = 'CaseRecordRead';

/** The views of a case's audit data that are recorded when read. */
export type AuditView = 'timeline' | 'state' | 'verification' | 'export' | 'access-log';

/** The ledger chain (and CloudEvent subject) that holds the reads of a case. */
export const accessChainOf = (caseId: string): string => `access:${caseId}`;
export const accessStreamOf = (caseId: string): string => streamName('audit', 'access', caseId);

export interface ReadRecord {
  caseId: string;
  view: AuditView;
  /** What the reader asked for beyond the case: the instant of a state read. */
  at?: string;
  /** How many ledger entries the answer held. */
  entries: number;
  /** The tree size the answer was proven against (export, verification). */
  treeSize?: number;
}

export async function recordRead(
  ctx: ServiceContext,
  actor: Actor,
  read: ReadRecord,
  requestId: string,
): Promise<void> {
  const data: Record<string, unknown> = {
    caseId: read.caseId,
    view: read.view,
    entries: read.entries,
    requestId,
    ...(read.at !== undefined ? { at: read.at } : {}),
    ...(read.treeSize !== undefined ? { treeSize: read.treeSize } : {}),
  };
  await ctx.store.append(
    accessStreamOf(read.caseId),
    [
      {
        id: ctx.newId(),
        type: ACCESS_EVENT,
        data,
        metadata: {
          caseId: accessChainOf(read.caseId),
          actor: formatActor(actor),
          division: actor.division,
          correlationId: requestId,
          causationId: requestId,
        },
      },
    ],
    'any',
  );
}

export interface AccessLogEntry {
  id: string;
  /** When the read was recorded (the event store's time). */
  time: string;
  actor: string;
  agency: string;
  division: string;
  view: string;
  at?: string;
  entries: number;
  treeSize?: number;
  requestId: string;
}

/** Every recorded read of a case, oldest first, straight from the event store. */
export async function accessLog(ctx: ServiceContext, caseId: string): Promise<AccessLogEntry[]> {
  const events = await ctx.store.readStream(accessStreamOf(caseId));
  return events.map((e) => {
    const d = e.data as Record<string, unknown>;
    const actor = String(e.metadata.actor ?? '');
    return {
      id: e.id,
      time: e.recordedAt,
      actor,
      agency: parseActor(actor).agency,
      division: String(e.metadata.division ?? ''),
      view: String(d.view),
      ...(typeof d.at === 'string' ? { at: d.at } : {}),
      entries: Number(d.entries),
      ...(typeof d.treeSize === 'number' ? { treeSize: d.treeSize } : {}),
      requestId: String(d.requestId ?? ''),
    };
  });
}
