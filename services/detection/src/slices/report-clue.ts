import {
  type Actor,
  AreaMu,
  areaMu,
  ClueSourceField,
  type DetectionEvent,
  DivisionCode,
  Evidence,
  type FieldError,
  formatActor,
  LandClassField,
  MAX_PARCEL_AREA_MU,
  NonEmpty,
  Parcel,
  parcelProblems,
  Timestamp,
} from '@landcase/contracts';
import {
  ConcurrencyConflict,
  guarded,
  IdempotencyKeyHeaders,
  IllegalTransition,
  namedDivision,
  type ServiceContext,
  ValidationProblem,
} from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { derivedCaseId } from '../clue-id.ts';
import {
  type ClueView,
  findClueByExternalRef,
  loadClue,
  replyClue,
  runClueCommand,
  tryLoadClue,
} from '../clue-view.ts';

export const ReportClueBody = Type.Object(
  {
    source: ClueSourceField,
    divisionCode: DivisionCode,
    landClass: LandClassField,
    parcel: Parcel,
    observedAt: Timestamp,
    externalRef: Type.Optional(NonEmpty('reference in the source system, e.g. the sweep polygon number')),
    areaMu: Type.Optional(AreaMu),
    evidence: Type.Optional(Type.Array(Evidence, { maxItems: 200 })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export type ReportClue = Static<typeof ReportClueBody>;

/**
 * What JSON Schema cannot say about a clue's parcel, which sits at `at` in the body: its rings (see
 * parcelProblems), and, when the clue gives no area, the area computed from it, which the event
 * records and so must stay within a parcel's bound.
 */
export function parcelErrors(parcel: Parcel, givenArea: number | undefined, at: string): FieldError[] {
  const problems = parcelProblems(parcel).map((p) => ({ path: `${at}${p.path}`, reason: p.reason }));
  if (problems.length > 0 || givenArea !== undefined) return problems;
  const area = areaMu(parcel);
  if (area <= MAX_PARCEL_AREA_MU) return [];
  return [
    {
      path: at,
      reason: `encloses ${Math.round(area).toLocaleString('en')} mu; a parcel may have at most ${MAX_PARCEL_AREA_MU.toLocaleString('en')} mu`,
    },
  ];
}

export const validateReportClue = (body: ReportClue): FieldError[] =>
  parcelErrors(body.parcel, body.areaMu, '/parcel');

/**
 * What makes two reports the same clue: the source's own reference within the division it was
 * reported for (references are each division's own: a neighbour using the same one reports
 * another clue), else the client's Idempotency-Key (scoped to the actor, since keys are only
 * unique per client).
 */
export function dedupeKeyOf(body: ReportClue, actor: Actor, idempotencyKey?: string): string[] | null {
  if (body.externalRef !== undefined)
    return ['externalRef', body.divisionCode, body.source, body.externalRef];
  if (idempotencyKey) return ['idempotencyKey', formatActor(actor), idempotencyKey];
  return null;
}

export function decideReportClue(caseId: string, body: ReportClue): DetectionEvent[] {
  const { externalRef, description, evidence, areaMu: givenArea, ...rest } = body;
  return [
    {
      type: 'ClueReported',
      data: {
        caseId,
        ...rest,
        ...(externalRef !== undefined ? { externalRef } : {}),
        ...(description !== undefined ? { description } : {}),
        areaMu: givenArea ?? areaMu(body.parcel),
        evidence: evidence ?? [],
      },
    },
  ];
}

/**
 * Reports one valid clue, or finds the one already reported for it (same (division, source,
 * externalRef), or
 * same actor and Idempotency-Key): `created` says which. Shared by single reports and sweeps, so a
 * clue imported from a sweep is exactly the clue POST /clues would have made.
 */
export async function reportClue(
  ctx: ServiceContext,
  input: { body: ReportClue; actor: Actor; idempotencyKey?: string | undefined; requestId?: string },
): Promise<{ view: ClueView; created: boolean }> {
  const { body, actor } = input;
  const key = dedupeKeyOf(body, actor, input.idempotencyKey);
  if (key && body.externalRef !== undefined) {
    const known = await findClueByExternalRef(ctx, body.divisionCode, body.source, body.externalRef);
    if (known) return { view: await loadClue(ctx, known), created: false };
  }
  const caseId = key ? derivedCaseId(...key) : ctx.newId();
  if (key) {
    const existing = await tryLoadClue(ctx, caseId);
    if (existing) return { view: existing, created: false };
  }
  try {
    const view = await runClueCommand(ctx, {
      caseId,
      actor,
      expected: 'no_stream',
      ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
      decide: () => decideReportClue(caseId, body),
    });
    return { view, created: true };
  } catch (error) {
    // A racing duplicate created the stream first: the clue exists, and it is this one.
    if (key && (error instanceof ConcurrencyConflict || error instanceof IllegalTransition)) {
      return { view: await loadClue(ctx, caseId), created: false };
    }
    throw error;
  }
}

export async function reportClueRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Body: ReportClue; Headers: { 'idempotency-key'?: string } }>(
    '/clues',
    {
      schema: {
        summary: 'Report a clue (线索): a suspected violation from any source',
        description:
          '201 with the new clue. The same (divisionCode, source, externalRef), or the same Idempotency-Key from ' +
          'the same actor, returns 200 and the clue already reported.',
        tags: ['detection'],
        response: { 201: { description: 'The new clue' }, 200: { description: 'The clue reported before' } },
        body: ReportClueBody,
        headers: IdempotencyKeyHeaders,
      },
      ...guarded('detection.clue.report', async (request) => namedDivision(request.body)),
    },
    async (request, reply) => {
      const actor = request.actor;
      const body = request.body;
      const errors = validateReportClue(body);
      if (errors.length > 0) throw new ValidationProblem(errors);

      const { view, created } = await reportClue(ctx, {
        body,
        actor,
        idempotencyKey: request.headers['idempotency-key'],
        requestId: request.id,
      });
      if (!created) return replyClue(reply, view);
      const caseId = view.caseId;
      reply.header('location', `${request.url.split('?')[0]!.replace(/\/+$/, '')}/${caseId}`);
      return replyClue(reply, view, 201);
    },
  );
}
