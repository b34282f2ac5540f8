import { type Actor, type FieldError, formatActor, Parcel, type Problem } from '@landcase/contracts';
import { authorize } from '@landcase/lifecycle';
import {
  AccessDenied,
  fieldErrorsOf,
  guarded,
  IdempotencyKeyHeaders,
  type ServiceContext,
  ValidationProblem,
} from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { derivedCaseId } from '../clue-id.ts';
import { type SweepProgress, sweepsOf, sweepView } from '../sweep-progress.ts';
import { parcelErrors, type ReportClue, ReportClueBody, reportClue } from './report-clue.ts';

// A sweep (变化图斑) is a GeoJSON FeatureCollection: each feature is one clue, its properties the
// clue's fields and its geometry the parcel. The whole body is held to the 1 MiB body limit (413
// beyond it); a client splits a bigger sweep into several requests, which is safe because clues
// are deduplicated by (source, externalRef) across sweeps.

const { parcel: _parcel, ...clueProperties } = ReportClueBody.properties;
export const SweepFeatureProperties = Type.Object(clueProperties, { additionalProperties: false });

export const SweepFeature = Type.Object(
  {
    type: Type.Literal('Feature'),
    id: Type.Optional(Type.Union([Type.String(), Type.Number()])),
    bbox: Type.Optional(Type.Array(Type.Number())),
    geometry: Parcel,
    properties: SweepFeatureProperties,
  },
  { additionalProperties: false },
);
type SweepFeature = Static<typeof SweepFeature>;

/** The collection itself; its features are checked one by one, so one bad feature rejects only itself. */
export const SweepBody = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(Type.Unknown(), { minItems: 1 }),
    bbox: Type.Optional(Type.Array(Type.Number())),
    // Members GIS tools commonly write (QGIS: name, crs); coordinates are WGS84 whatever they say.
    name: Type.Optional(Type.String()),
    crs: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
type SweepBody = Static<typeof SweepBody>;

export interface RejectedFeature {
  index: number;
  problem: Problem;
}

interface AcceptedFeature {
  index: number;
  clue: ReportClue;
}

type Validate = ((feature: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

/**
 * Splits the features into clues and rejections. Each feature meets the ajv validator that checks
 * POST /clues bodies, plus the parcel's rules (parcelErrors); paths name the field in the whole body.
 */
export function sortFeatures(
  features: readonly unknown[],
  validate: Validate,
  /** The refusal of a feature's division by the access policy, when the importer may not report for it. */
  refuse: (divisionCode: string) => Problem | null = () => null,
): { accepted: AcceptedFeature[]; rejected: RejectedFeature[] } {
  const accepted: AcceptedFeature[] = [];
  const rejected: RejectedFeature[] = [];
  for (const [index, feature] of features.entries()) {
    let errors: FieldError[];
    if (validate(feature)) {
      const { geometry, properties } = feature as SweepFeature;
      errors = parcelErrors(geometry, properties.areaMu, '/geometry');
      const refused = errors.length === 0 ? refuse(properties.divisionCode) : null;
      if (refused) {
        rejected.push({
          index,
          problem: { ...refused, instance: `/features/${index}/properties/divisionCode` },
        });
        continue;
      }
      if (errors.length === 0) {
        accepted.push({ index, clue: { ...properties, parcel: geometry } });
        continue;
      }
    } else {
      errors = fieldErrorsOf(validate.errors ?? []);
    }
    const located = errors.map((e) => ({ path: `/features/${index}${e.path}`, reason: e.reason }));
    rejected.push({ index, problem: new ValidationProblem(located).problem });
  }
  return { accepted, rejected };
}

/**
 * Reports the accepted clues one after another, each as POST /clues would, and writes the progress
 * after each. A clue without externalRef is keyed by its place in the sweep, so running the same
 * sweep again finds it instead of reporting it twice.
 */
export async function importSweep(
  ctx: ServiceContext,
  args: { progress: SweepProgress; clues: AcceptedFeature[]; actor: Actor; requestId: string },
): Promise<SweepProgress> {
  const sweeps = sweepsOf(ctx);
  const progress = { ...args.progress };
  let version = 0;
  for (const { index, clue } of args.clues) {
    try {
      const { created } = await reportClue(ctx, {
        body: clue,
        actor: args.actor,
        idempotencyKey: `sweep ${progress.id} feature ${index}`,
        requestId: args.requestId,
      });
      if (created) progress.reported += 1;
      else progress.duplicates += 1;
    } catch (error) {
      progress.failed += 1;
      ctx.log.error({ err: error, sweepId: progress.id, index }, 'a sweep feature could not be reported');
    }
    const handled = progress.reported + progress.duplicates + progress.failed;
    if (handled === progress.accepted) progress.state = 'done';
    version += 1;
    await sweeps.upsert(progress, version);
  }
  return progress;
}

export async function importSweepRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  // Imports still running finish before the server stops, so a graceful stop leaves no sweep half done.
  const running = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...running]);
  });

  app.post<{ Body: SweepBody; Headers: { 'idempotency-key'?: string } }>(
    '/sweeps',
    {
      schema: {
        summary: 'Import a sweep (变化图斑): a GeoJSON FeatureCollection of clues',
        description:
          '202 with { sweepId, accepted, rejected: [{ index, problem }] }; the valid features are then ' +
          'reported in the background, each as POST /clues would. GET /detection/sweeps/{sweepId} tells the ' +
          'progress. The same Idempotency-Key from the same actor returns 200 and the progress of that sweep.',
        tags: ['detection'],
        response: { 202: { description: 'Accepted for import' }, 200: { description: 'The same sweep' } },
        body: SweepBody,
        headers: IdempotencyKeyHeaders,
      },
      // Who may import; each feature's division is then held to the same policy as a report.
      ...guarded('detection.sweep.import'),
    },
    async (request, reply) => {
      const actor = request.actor;
      const key = request.headers['idempotency-key'];
      const sweeps = sweepsOf(ctx);
      const sweepId = key ? derivedCaseId('sweep', formatActor(actor), key) : ctx.newId();
      if (key) {
        const known = await sweeps.get(sweepId);
        if (known) return reply.code(200).send(sweepView(known));
      }

      const { accepted, rejected } = sortFeatures(
        request.body.features,
        featureValidator(request),
        (divisionCode) => {
          const decision = authorize('detection.clue.report', actor, { divisionCode });
          return decision.allowed ? null : new AccessDenied(decision.rule, decision.reason).problem;
        },
      );
      const progress: SweepProgress = {
        id: sweepId,
        total: request.body.features.length,
        accepted: accepted.length,
        rejected: rejected.length,
        reported: 0,
        duplicates: 0,
        failed: 0,
        state: accepted.length === 0 ? 'done' : 'running',
        // Whose sweep it is: it is read within the importer's division.
        divisionCode: actor.division,
      };
      // Version 0 is written once: a request with the same key that got here first owns the sweep.
      if (!(await sweeps.upsert(progress, 0))) {
        const known = await sweeps.get(sweepId);
        if (known) return reply.code(200).send(sweepView(known));
      }
      if (accepted.length > 0) {
        const job = importSweep(ctx, { progress, clues: accepted, actor, requestId: request.id })
          .catch((error) => ctx.log.error({ err: error, sweepId }, 'sweep import stopped'))
          .finally(() => running.delete(job));
        running.add(job);
      }
      reply.header('location', `${request.url.split('?')[0]!.replace(/\/+$/, '')}/${sweepId}`);
      return reply.code(202).send({ sweepId, accepted: accepted.length, rejected });
    },
  );
}

/** The app's strict body validator (the one POST /clues meets), compiled once per route for a feature. */
const featureValidator = (request: FastifyRequest): Validate =>
  request.compileValidationSchema(SweepFeature, 'body') as unknown as Validate;
