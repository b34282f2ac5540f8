import { assessmentIdOf, divisionAssessmentMachine } from '@landcase/lifecycle';
import { loadAggregate, replyAggregate, requireAgency, type ServiceContext } from '@landcase/service-kit';
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
        description: 'Agencies nrb, gov, disc, audit. ETag is its revision.',
        tags: ['enforcement'],
        params: AssessmentParams,
      },
      // Before the params are validated: a caller who may not read learns nothing more.
      preValidation: async (request) => requireAgency(request.actor, 'nrb', 'gov', 'disc', 'audit'),
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
