import { ASSESSMENT_AUDIENCE, assessmentIdOf, divisionAssessmentMachine } from '@landcase/lifecycle';
import {
  guarded,
  loadAggregate,
  namedDivision,
  replyAggregate,
  type ServiceContext,
} from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { assessmentStreamId, assessmentView } from '../assessments/assessment.ts';

export const AssessmentParams = Type.Object({
  divisionCode: Type.String({ pattern: '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$' }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
});
export type AssessmentParams = Static<typeof AssessmentParams>;

export async function getAssessmentRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Params: AssessmentParams }>(
    '/assessments/:divisionCode/:year',
    {
      schema: {
        summary:
          "A division's assessment of a year: the figures used, the share, the rule and whether officials are accountable",
        description: 'ETag is its revision.',
        tags: ['enforcement'],
        params: AssessmentParams,
      },
      ...guarded(
        'enforcement.assessment.read',
        async (request) => {
          const division = namedDivision(request.params);
          return division && { ...division, audience: ASSESSMENT_AUDIENCE };
        },
        (request) => ({ what: `assessment of ${String((request.params as AssessmentParams).divisionCode)}` }),
      ),
    },
    async (request, reply) => {
      const { divisionCode, year } = request.params;
      const caseId = assessmentIdOf(divisionCode, year);
      const { snapshot, revision, events } = await loadAggregate(ctx, {
        streamId: assessmentStreamId(divisionCode, year),
        machine: divisionAssessmentMachine,
        notFound: `no assessment of ${divisionCode} for ${year}`,
      });
      return replyAggregate(reply, {
        id: caseId,
        caseId,
        snapshot,
        revision,
        fields: { ...assessmentView(events) },
      });
    },
  );
}
