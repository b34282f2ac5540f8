import { DivisionCode, LandClassField, MeasureField } from '@landcase/contracts';
import { significantDivision } from '@landcase/lifecycle';
import type { Filter } from '@landcase/readmodels';
import { NotFound, type ServiceContext, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CaseIdParams } from '../case-command.ts';
import { DISCLOSURES_COLLECTION } from './projection.ts';
import { publicRecordOf } from './public-record.ts';

// 执法公示 (seed 003 §四; Administrative Penalty Law art. 48): the public record of each penalty
// decision, for anyone, with no token. Deliberately public (`config.public`), read-only, and
// showing only the fields of a public record (public-record.ts).

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const PublicDisclosureSchema = Type.Object(
  {
    caseId: Type.String(),
    divisionCode: DivisionCode,
    landClass: LandClassField,
    areaMu: Type.Number(),
    violation: Nullable(
      Type.String({ description: "the facts as decided, the party's name, address and id number masked" }),
    ),
    measures: Type.Array(MeasureField),
    fineYuan: Type.Optional(Type.Number()),
    legalBasis: Type.Array(Type.String()),
    decisionRef: Type.String({ description: 'number of the penalty decision document' }),
    decidedAt: Type.String({ format: 'date-time' }),
    servedAt: Nullable(Type.String({ format: 'date-time' })),
    decidingOrgan: Nullable(Type.String()),
    party: Type.Object(
      {
        kind: Type.Union([Type.Literal('person'), Type.Literal('organization')]),
        name: Type.String({
          description: "an organization's name in full; a person's first character, the rest masked (张**)",
        }),
      },
      { additionalProperties: false },
    ),
    publishBy: Type.String({
      format: 'date-time',
      description:
        'published by the end of this day: 7 working days after the decision (disclosure.penalty-decision)',
    }),
    publishRule: Type.Object(
      { ruleId: Type.String(), source: Type.String() },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, description: 'The public record of a penalty decision' },
);

export const ListDisclosuresQuery = Type.Object(
  {
    withinDivision: Type.Optional(
      Type.String({
        pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$',
        description:
          'a division and every division under it: 14 or 140000 is the province, 1411 or 141100 the city',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
type ListDisclosuresQuery = Static<typeof ListDisclosuresQuery>;

const PUBLIC = { public: true } as const;

export async function disclosuresRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const collection = ctx.readModels.collection(DISCLOSURES_COLLECTION);

  app.get<{ Querystring: ListDisclosuresQuery }>(
    '/public/disclosures',
    {
      schema: {
        summary: 'A page of published penalty decisions (执法公示), newest decision first; no token needed',
        description:
          'Public and read-only. Each record names an organization in full and a person by the first character ' +
          'of the name only, and never shows an address or an identity number. `withinDivision`: the division ' +
          'and those under it.',
        tags: ['public'],
        security: [],
        querystring: ListDisclosuresQuery,
        response: {
          200: Type.Object(
            {
              items: Type.Array(PublicDisclosureSchema),
              total: Type.Integer({ minimum: 0 }),
              limit: Type.Integer({ minimum: 1 }),
              offset: Type.Integer({ minimum: 0 }),
            },
            { additionalProperties: false },
          ),
        },
      },
      config: PUBLIC,
    },
    async (request) => {
      const limit = request.query.limit ?? 20;
      const offset = request.query.offset ?? 0;
      const filter: Filter = { published: true };
      if (request.query.withinDivision !== undefined) {
        const level = significantDivision(request.query.withinDivision);
        if (!level) {
          throw new ValidationProblem([
            { path: '/withinDivision', reason: 'must name a division, not only zeros' },
          ]);
        }
        filter.divisionLevels = level;
      }
      const [docs, total] = await Promise.all([
        collection.find(filter, { limit, skip: offset, sort: { field: 'decidedOrder', direction: -1 } }),
        collection.count(filter),
      ]);
      return { items: docs.map(publicRecordOf), total, limit, offset };
    },
  );

  app.get<{ Params: CaseIdParams }>(
    '/public/disclosures/:caseId',
    {
      schema: {
        summary: 'The published record of one penalty decision (执法公示); no token needed',
        description: 'Public and read-only; 404 until the case has a penalty decision.',
        tags: ['public'],
        security: [],
        params: CaseIdParams,
        response: { 200: PublicDisclosureSchema },
      },
      config: PUBLIC,
    },
    async (request) => {
      const doc = await collection.get(request.params.caseId);
      if (!doc || doc.published !== true)
        throw new NotFound(`no published penalty decision for case ${request.params.caseId}`);
      return publicRecordOf(doc);
    },
  );
}
