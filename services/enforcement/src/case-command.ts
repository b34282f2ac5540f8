import type { Actor, Agency, EnforcementEvent, FieldError } from '@landcase/contracts';
import { requireAgency, requireRole, type ServiceContext, ValidationProblem } from '@landcase/service-kit';
import { type Static, type TObject, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CaseFields } from './case.ts';
import { replyCase, requireCase, runCaseCommand } from './case-view.ts';

export const CaseIdParams = Type.Object({ caseId: Type.String({ minLength: 1, maxLength: 128 }) });
export type CaseIdParams = Static<typeof CaseIdParams>;

/** What a decide function is given: the command, the case as it stands, and the time. */
export interface CaseCommand<B> {
  caseId: string;
  body: B;
  case: CaseFields;
  now: Date;
  /** Who sends it, for events that record the agency speaking. */
  actor: Actor;
}

export interface CaseCommandRoute<S extends TObject> {
  /** Under `/cases/{caseId}`, e.g. `/stop-order`. */
  path: string;
  summary: string;
  body: S;
  /** Agencies allowed to send the command. */
  agencies: Agency[];
  /** Roles of which the sender needs one (e.g. `head` for an approval); any role when absent. */
  roles?: string[];
  /** Checks JSON Schema cannot express; any error refuses the command with 400. */
  validate?(body: Static<S>): FieldError[];
  /** Pure: the events the command produces; throws a problem (e.g. RuleViolation) to refuse it. */
  decide(command: CaseCommand<Static<S>>): EnforcementEvent[];
}

/**
 * Mounts one command on a case: load the stream, fold it, decide, let the machine accept or
 * refuse each event, append at the revision read (or the one in If-Match). Replies with the case.
 */
export function caseCommandRoute<S extends TObject>(route: CaseCommandRoute<S>) {
  return async (app: FastifyInstance, ctx: ServiceContext): Promise<void> => {
    app.post<{ Params: CaseIdParams; Body: Static<S> }>(
      `/cases/:caseId${route.path}`,
      {
        schema: {
          summary: route.summary,
          description: `Agencies: ${route.agencies.join(', ')}${route.roles ? ` (role ${route.roles.join(' or ')})` : ''}. Honours If-Match (the case's revision).`,
          tags: ['enforcement'],
          params: CaseIdParams,
          body: route.body,
        },
      },
      async (request, reply) => {
        const actor = request.actor;
        requireAgency(actor, ...route.agencies);
        if (route.roles) requireRole(actor, ...route.roles);
        const body = request.body as Static<S>;
        const errors = route.validate?.(body) ?? [];
        if (errors.length > 0) throw new ValidationProblem(errors);
        const { caseId } = request.params;
        const view = await runCaseCommand(ctx, {
          caseId,
          actor,
          ifMatch: request.headers['if-match'],
          requestId: request.id,
          decide: (_snapshot, history) =>
            route.decide({
              caseId,
              body,
              case: requireCase(caseId, history),
              now: ctx.clock.now(),
              actor,
            }),
        });
        // A command that decided something always leaves an opened case behind.
        return replyCase(ctx, reply, view!, actor);
      },
    );
  };
}
