import type { Actor, EnforcementEvent } from '@landcase/contracts';
import type { ExpectedRevision, RecordedEvent } from '@landcase/eventstore';
import { type EnforcementCaseMachine, enforcementCaseMachine } from '@landcase/lifecycle';
import {
  type DecidedEvent,
  executeCommand,
  loadAggregate,
  NotFound,
  replyAggregate,
  type ServiceContext,
} from '@landcase/service-kit';
import type { FastifyReply } from 'fastify';
import type { SnapshotFrom } from 'xstate';
import { type CaseFields, caseFields, caseStreamId } from './case.ts';
import { partyMatchesOfCase } from './party-matches.ts';

/** The read model of cases (one document per case), kept by the `cases` projection. */
export const CASES_COLLECTION = 'cases';

export interface CaseView {
  caseId: string;
  snapshot: SnapshotFrom<EnforcementCaseMachine>;
  revision: number;
  fields: CaseFields;
}

/** The case's fields from its events; NotFound when there is no case (an empty stream). */
export function requireCase(caseId: string, events: readonly { type: string; data: unknown }[]): CaseFields {
  const fields = caseFields(events);
  if (!fields) throw new NotFound(`no enforcement case ${caseId}`);
  return fields;
}

/** The case folded from its stream: the source of truth. NotFound when no such case. */
export async function loadCase(ctx: ServiceContext, caseId: string): Promise<CaseView> {
  const { snapshot, revision, events } = await loadAggregate(ctx, {
    streamId: caseStreamId(caseId),
    machine: enforcementCaseMachine,
    notFound: `no enforcement case ${caseId}`,
  });
  return { caseId, snapshot, revision, fields: requireCase(caseId, events) };
}

export interface CaseCommandRun {
  caseId: string;
  actor: Actor;
  /** The If-Match header as received. */
  ifMatch?: string | undefined;
  expected?: ExpectedRevision;
  requestId?: string;
  correlationId?: string;
  causationId?: string;
  /**
   * The events to append, given the folded snapshot and the case's stored events (empty before
   * it opened). [] appends nothing.
   */
  decide(
    snapshot: SnapshotFrom<EnforcementCaseMachine>,
    history: RecordedEvent[],
  ): (EnforcementEvent & Pick<DecidedEvent, 'metadata'>)[];
}

/** Runs a command on a case and returns the case as this command left it (null: still none). */
export async function runCaseCommand(ctx: ServiceContext, command: CaseCommandRun): Promise<CaseView | null> {
  let history: RecordedEvent[] = [];
  const result = await executeCommand(ctx, {
    streamId: caseStreamId(command.caseId),
    caseId: command.caseId,
    machine: enforcementCaseMachine,
    actor: command.actor,
    ifMatch: command.ifMatch,
    requestId: command.requestId,
    correlationId: command.correlationId,
    causationId: command.causationId,
    ...(command.expected !== undefined ? { expected: command.expected } : {}),
    decide: (snapshot, events) => {
      history = events;
      return command.decide(snapshot, events);
    },
  });
  const fields = caseFields([...history, ...result.events]);
  return fields
    ? { caseId: command.caseId, snapshot: result.snapshot, revision: result.revision, fields }
    : null;
}

// A possible same party is a suspicion about a person: the bureau and auditors see it on the case.
const SEES_PARTY_MATCHES: readonly string[] = ['nrb', 'audit'];

/**
 * Sends the case as `actor` reads it: its fields, and for the bureau and auditors the possible same
 * parties the referral service raised between it and another case (`partyMatches`).
 */
export async function replyCase(ctx: ServiceContext, reply: FastifyReply, view: CaseView, actor: Actor) {
  const partyMatches = SEES_PARTY_MATCHES.includes(actor.agency)
    ? { partyMatches: await partyMatchesOfCase(ctx.readModels, view.caseId) }
    : {};
  return replyAggregate(reply, {
    id: view.caseId,
    caseId: view.caseId,
    snapshot: view.snapshot,
    revision: view.revision,
    fields: { ...view.fields, ...partyMatches },
  });
}
