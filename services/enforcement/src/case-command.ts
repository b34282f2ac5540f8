import type { Actor, EnforcementEvent, FieldError } from '@landcase/contracts';
import type { AccessKey, BusinessCalendar, RuleSet } from '@landcase/lifecycle';
import {
  type CheckedResource,
  checkedResource,
  nullIfNotFound,
  readCalendar,
  rulesOf,
  type ServiceContext,
  ValidationProblem,
} from '@landcase/service-kit';
import { type Static, type TObject, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AnyMachineSnapshot } from 'xstate';
import type { CaseFields } from './case.ts';
import {
  caseAccessFacts,
  existingCase,
  type LoadedCase,
  loadCase,
  replyCase,
  runCaseCommand,
} from './case-view.ts';

export const CaseIdParams = Type.Object({ caseId: Type.String({ minLength: 1, maxLength: 128 }) });
export type CaseIdParams = Static<typeof CaseIdParams>;

/** What a decide function is given: the command, the case as it stands, and the time. */
export interface CaseCommand<B> {
  caseId: string;
  body: B;
  case: CaseFields;
  now: Date;
  /** The business calendar the service counts periods by (the context's, or the bundled one). */
  calendar: BusinessCalendar;
  /** Who sends it, for events that record the agency speaking. */
  actor: Actor;
  /**
   * The case's machine snapshot, for a check that must not answer before the machine does: a
   * command the state refuses is a 409 whatever else is wrong with it.
   */
  snapshot?: AnyMachineSnapshot;
  /**
   * The rule set the case recorded when it opened, which decides it for life (a later overlay
   * changes nothing in it); the base rule set when not given.
   */
  ruleSet?: RuleSet;
}

export interface CaseCommandRoute<S extends TObject> {
  /** Under `/cases/{caseId}`, e.g. `/stop-order`; the access policy's entry is `enforcement.case.<path>`. */
  path: string;
  summary: string;
  body: S;
  /** Checks JSON Schema cannot express; any error refuses the command with 400. */
  validate?(body: Static<S>): FieldError[];
  /** Pure: the events the command produces; throws a problem (e.g. RuleViolation) to refuse it. */
  decide(command: CaseCommand<Static<S>>): EnforcementEvent[];
}

/**
 * The access check of a route on the case its path names (`/cases/:caseId`): 404 when the case does
 * not exist or the caller may not see it, 403 when it may see but not do `key`. The case as the
 * check read it is kept for the command.
 */
export const caseCheck = (ctx: ServiceContext, key: AccessKey): CheckedResource<LoadedCase> =>
  checkedResource(
    key,
    (request) => nullIfNotFound(loadCase(ctx, (request.params as CaseIdParams).caseId)),
    (loaded) => caseAccessFacts(ctx, loaded.fields, loaded.caseId),
    (request) => `enforcement case ${(request.params as CaseIdParams).caseId}`,
  );

/**
 * Mounts one command on a case: check access (before the body is validated), fold the stream,
 * decide, let the machine accept or refuse each event, append at the revision read (or the one in
 * If-Match). Replies with the case.
 */
export function caseCommandRoute<S extends TObject>(route: CaseCommandRoute<S>) {
  const key = `enforcement.case${route.path.replace('/', '.')}` as AccessKey;
  return async (app: FastifyInstance, ctx: ServiceContext): Promise<void> => {
    const check = caseCheck(ctx, key);
    app.post<{ Params: CaseIdParams; Body: Static<S> }>(
      `/cases/:caseId${route.path}`,
      {
        schema: {
          summary: route.summary,
          description: "Honours If-Match (the case's revision).",
          tags: ['enforcement'],
          params: CaseIdParams,
          body: route.body,
        },
        ...check.options,
      },
      async (request, reply) => {
        const actor = request.actor;
        const body = request.body as Static<S>;
        const errors = route.validate?.(body) ?? [];
        if (errors.length > 0) throw new ValidationProblem(errors);
        const { caseId } = request.params;
        const loaded = check.of(request);
        const view = await runCaseCommand(ctx, {
          caseId,
          actor,
          ifMatch: request.headers['if-match'],
          requestId: request.id,
          ...(loaded ? { history: loaded.events, loaded } : {}),
          decide: (snapshot, _history, fields) => {
            const ruleSet = rulesOf(ctx).byVersion(snapshot.context.ruleSetVersion);
            // Each event names the rule set that decided it (the CloudEvent's `rulesetversion`):
            // the referral service drafts a filed case's referrals by it.
            return route
              .decide({
                caseId,
                body,
                case: existingCase(caseId, fields),
                now: ctx.clock.now(),
                calendar: readCalendar(ctx),
                actor,
                snapshot,
                ruleSet,
              })
              .map((event) => ({ ...event, metadata: { ruleSetVersion: ruleSet.version } }));
          },
        });
        // A command that decided something always leaves an opened case behind.
        return replyCase(ctx, reply, view!, actor);
      },
    );
  };
}
