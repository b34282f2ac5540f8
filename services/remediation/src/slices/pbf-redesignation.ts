import type { Actor } from '@landcase/contracts';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { runRemediationCommand } from '../remediation-command.ts';
import { remediationCheck, replyRemediation } from '../remediation-view.ts';
import { CaseIdParams } from './params.ts';

// The bureau reports the PBF re-designated (补划) after a quota deduction (seed 003 §三), naming the
// parcel that now carries the designation.

export const PbfRedesignationBody = Type.Object(
  { parcelRef: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type PbfRedesignation = Static<typeof PbfRedesignationBody>;

export async function pbfRedesignationRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = remediationCheck(ctx, 'remediation.remediation.pbf-redesignation');
  app.post<{ Params: CaseIdParams; Body: PbfRedesignation }>(
    '/cases/:caseId/pbf-redesignation',
    {
      schema: {
        summary: 'Record the PBF re-designated after a quota deduction',
        tags: ['remediation'],
        params: CaseIdParams,
        body: PbfRedesignationBody,
      },
      ...check.options,
    },
    async (request, reply) => {
      const actor: Actor = request.actor;
      const { caseId } = request.params;
      const view = await runRemediationCommand(ctx, {
        caseId,
        actor,
        ifMatch: request.headers['if-match'],
        decide: () => [
          {
            type: 'PbfRedesignated',
            data: {
              caseId,
              parcelRef: request.body.parcelRef,
              redesignatedAt: ctx.clock.now().toISOString(),
            },
          },
        ],
      });
      return replyRemediation(reply, view);
    },
  );
}
