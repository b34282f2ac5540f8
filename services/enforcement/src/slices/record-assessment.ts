import { DivisionAreaMu, DivisionCode, NonEmpty } from '@landcase/contracts';
import {
  assessmentIdOf,
  chinaDateOf,
  divisionAssessmentMachine,
  divisionShareAssessment,
  RULE_SET,
} from '@landcase/lifecycle';
import {
  executeCommand,
  guarded,
  namedDivision,
  replyAggregate,
  type ServiceContext,
  ValidationProblem,
} from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { assessmentStreamId, assessmentView } from '../assessments/assessment.ts';
import { ILLEGAL_FIGURES_BASIS, illegalFarmlandOf } from '../assessments/illegal-figures.ts';
import { divisionLevels } from '../statistics/division.ts';

// The annual share of a division's farmland illegally occupied (Order 15 of 2008 art. 3): the
// bureau's head of a division above it (the access policy's `enforcement.assessment.record`) gives the farmland that new construction land
// took that year (from the land-use change survey); the service reads the illegal figures from its
// own statistics, records them with the share and the rule, and says whether the division's
// officials are accountable. The referral service refers an accountable division to the
// discipline commission. Assessing again (a corrected survey figure) appends a new assessment:
// the earlier ones stay shown beside it, each with who made it and from which division.

export const AssessmentBody = Type.Object(
  {
    divisionCode: DivisionCode,
    year: Type.Integer({ minimum: 2000, maximum: 2100 }),
    // The catalogue's field, from 0.01 mu (the resolution of areas): the share divides by it.
    newConstructionFarmlandMu: Type.Number({
      ...DivisionAreaMu,
      minimum: 0.01,
      description: 'farmland taken by new construction land that year, in mu (land-use change survey)',
    }),
    surveyRef: Type.Optional(NonEmpty('the land-use change survey the figure comes from')),
  },
  { additionalProperties: false },
);
export type AssessmentBody = Static<typeof AssessmentBody>;

export async function recordAssessmentRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Body: AssessmentBody }>(
    '/assessments',
    {
      schema: {
        summary:
          "Assess a division's year: the share of the farmland taken by new construction land that was occupied illegally",
        description:
          '201 for the first assessment of the division and year, 200 for a new one that replaces it. ' +
          'Honours If-Match (the revision).',
        tags: ['enforcement'],
        response: {
          201: { description: 'The first assessment' },
          200: { description: 'The new assessment' },
        },
        body: AssessmentBody,
      },
      ...guarded('enforcement.assessment.record', async (request) => namedDivision(request.body)),
    },
    async (request, reply) => {
      const { actor } = request;
      const body = request.body;
      const levels = divisionLevels(body.divisionCode);
      if (levels.length === 0) {
        throw new ValidationProblem([
          { path: '/divisionCode', reason: 'must name a division, not only zeros' },
        ]);
      }
      const now = ctx.clock.now();
      const thisYear = Number(chinaDateOf(now).slice(0, 4));
      if (body.year > thisYear) {
        throw new ValidationProblem([
          { path: '/year', reason: `must not be after the current year (${thisYear})` },
        ]);
      }
      const caseId = assessmentIdOf(body.divisionCode, body.year);
      const illegal = await illegalFarmlandOf(ctx.readModels, body.divisionCode, body.year);
      const decision = divisionShareAssessment({
        illegalFarmlandMu: illegal.total,
        newConstructionFarmlandMu: body.newConstructionFarmlandMu,
      });
      const result = await executeCommand(ctx, {
        streamId: assessmentStreamId(body.divisionCode, body.year),
        caseId,
        machine: divisionAssessmentMachine,
        actor,
        ifMatch: request.headers['if-match'],
        requestId: request.id,
        decide: () => [
          {
            type: 'AssessmentRecorded',
            data: {
              caseId,
              divisionCode: body.divisionCode,
              year: body.year,
              newConstructionFarmlandMu: body.newConstructionFarmlandMu,
              ...(body.surveyRef ? { surveyRef: body.surveyRef } : {}),
              illegalFarmlandMu: illegal.total,
              illegalAreaMuByLandClass: { pbf: illegal.pbf, farmland: illegal.farmland },
              basis: ILLEGAL_FIGURES_BASIS,
              share: decision.share,
              threshold: decision.threshold,
              accountable: decision.accountable,
              ruleId: decision.ruleId,
              source: decision.source,
              ruleSetVersion: RULE_SET.version,
              assessedAt: now.toISOString(),
              assessedBy: `${actor.agency}:${actor.sub}`,
              assessorDivisionCode: actor.division,
            },
            metadata: { ruleSetVersion: RULE_SET.version },
          },
        ],
      });
      const events = await ctx.store.readStream(assessmentStreamId(body.divisionCode, body.year));
      return replyAggregate(reply, {
        id: caseId,
        caseId,
        snapshot: result.snapshot,
        revision: result.revision,
        fields: { ...assessmentView(events) },
        status: result.revision === 0 ? 201 : 200,
      });
    },
  );
}
