import type { DetectionEvent, FieldError } from '@landcase/contracts';
import type { AccessKey } from '@landcase/lifecycle';
import {
  type CheckedResource,
  checkedResource,
  nullIfNotFound,
  type ServiceContext,
  ValidationProblem,
} from '@landcase/service-kit';
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ClueFields } from '../clue.ts';
import {
  clueAccessFacts,
  type LoadedClue,
  loadClue,
  replyClue,
  requireClue,
  runClueCommand,
} from '../clue-view.ts';
import { CaseIdParams } from './params.ts';

export interface ClueCommandRoute<B extends TSchema> {
  /** Below /clues/:caseId. */
  path: string;
  summary: string;
  description?: string;
  body: B;
  /** The event the command appends; the access policy says who may (ACCESS_KEYS). */
  issues: 'ClueDispatched' | 'ClueVerified' | 'HistoricalSettled';
  /** What the body alone breaks (400), checked before the clue is read. */
  validate?(body: Static<B>, now: Date): FieldError[];
  decide(caseId: string, clue: ClueFields, body: Static<B>, now: Date): DetectionEvent[];
}

const ACCESS_KEYS = {
  ClueDispatched: 'detection.clue.dispatch',
  ClueVerified: 'detection.clue.verify',
  HistoricalSettled: 'detection.clue.historical-outcome',
} as const satisfies Record<ClueCommandRoute<TSchema>['issues'], AccessKey>;

/**
 * The access check of a route on the clue its path names (`/clues/:caseId`): 404 when there is none
 * or the caller may not see it, 403 when it may see but not do `key`. The clue as read is kept.
 */
export const clueCheck = (ctx: ServiceContext, key: AccessKey): CheckedResource<LoadedClue> =>
  checkedResource(
    key,
    (request) => nullIfNotFound(loadClue(ctx, (request.params as CaseIdParams).caseId)),
    clueAccessFacts,
    (request) => `clue ${(request.params as CaseIdParams).caseId}`,
  );

/**
 * A route that runs one command on an existing clue (404 when there is none, 409 when the machine
 * refuses, If-Match honoured) and answers with the clue as it left it.
 */
export async function clueCommandRoute<B extends TSchema>(
  app: FastifyInstance,
  ctx: ServiceContext,
  route: ClueCommandRoute<B>,
): Promise<void> {
  const check = clueCheck(ctx, ACCESS_KEYS[route.issues]);
  app.post<{ Params: CaseIdParams; Body: Static<B> }>(
    `/clues/:caseId/${route.path}`,
    {
      schema: {
        summary: route.summary,
        ...(route.description !== undefined ? { description: route.description } : {}),
        tags: ['detection'],
        params: CaseIdParams,
        body: route.body,
      },
      ...check.options,
    },
    async (request, reply) => {
      const actor = request.actor;
      const errors = route.validate?.(request.body, ctx.clock.now()) ?? [];
      if (errors.length > 0) throw new ValidationProblem(errors);
      const { caseId } = request.params;
      const view = await runClueCommand(ctx, {
        caseId,
        actor,
        ifMatch: request.headers['if-match'],
        requestId: request.id,
        ...(check.of(request) ? { history: check.of(request)!.events } : {}),
        decide: (history) =>
          route.decide(caseId, requireClue(caseId, history), request.body, ctx.clock.now()),
      });
      return replyClue(reply, view);
    },
  );
}
