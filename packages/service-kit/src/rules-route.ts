import { DivisionCode, Timestamp } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { guarded, namedDivision } from './access.ts';
import { type Clock, rulesOf, type ServiceContext } from './context.ts';

// GET /rules/{divisionCode}: the rule set in force in a division (the base with its province's and
// its city's overlays), as a case opened there now (or at `at`) would record it. Published law:
// any agency anywhere may read it (`rules.read`).

const RulesParams = Type.Object({ divisionCode: DivisionCode }, { additionalProperties: false });
const RulesQuery = Type.Object(
  {
    at: Type.Optional({
      ...Timestamp,
      description: 'the instant the rule set is asked for (RFC 3339); default now',
    }),
  },
  { additionalProperties: false },
);

const RuleLayerReport = Type.Object({
  divisionPrefix: Type.String({ description: '2 digits a province, 4 a city' }),
  version: Type.String(),
  effectiveFrom: Type.String({ description: 'in force for cases opened from this instant' }),
  source: Type.String({ description: 'the document that enacts the overlay' }),
});

const RuleReport = Type.Object({
  id: Type.String(),
  value: Type.Union([Type.Number(), Type.Array(Type.String())]),
  unit: Type.String(),
  source: Type.String({ description: 'the legal source of the figure' }),
  note: Type.Optional(Type.String()),
  setBy: Type.String({ description: '`base`, or the overlay (`<divisionPrefix>@<version>`) that set it' }),
});

export const RuleSetReport = Type.Object({
  divisionCode: Type.String(),
  at: Type.String({ description: 'the instant the answer holds for' }),
  version: Type.String({
    description:
      'what a case opened here at `at` records: the base version, then each overlay (`2026.1+15@2021.1`)',
  }),
  baseVersion: Type.String(),
  layers: Type.Array(RuleLayerReport, { description: 'the overlays applied over the base, province first' }),
  rules: Type.Array(RuleReport),
});
export type RuleSetReport = Static<typeof RuleSetReport>;

/** The rule set in force in `divisionCode` at `at`, as the route answers it. */
export function ruleSetReport(
  ctx: Pick<ServiceContext, 'rules'>,
  divisionCode: string,
  at: Date,
): RuleSetReport {
  const book = rulesOf(ctx);
  const set = book.effectiveFor(divisionCode, at);
  return {
    divisionCode,
    at: at.toISOString(),
    version: set.version,
    baseVersion: book.base.version,
    layers: [...set.layers],
    rules: Object.values(set.rules)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(({ id, value, unit, source, note }) => ({
        id,
        value: typeof value === 'number' ? value : [...value],
        unit,
        source,
        ...(note !== undefined ? { note } : {}),
        setBy: set.changedBy[id] ?? 'base',
      })),
  };
}

export function rulesRoute(ctx: Pick<ServiceContext, 'rules'>, clock: Clock) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: Static<typeof RulesParams>; Querystring: Static<typeof RulesQuery> }>(
      '/rules/:divisionCode',
      {
        schema: {
          summary:
            'The rule set in force in a division: the base with its province’s and its city’s overlays, its version and each figure’s legal source',
          tags: ['rules'],
          params: RulesParams,
          querystring: RulesQuery,
          response: { 200: RuleSetReport },
        },
        ...guarded('rules.read', async (request) => namedDivision(request.params)),
      },
      async (request) => {
        const at = request.query.at === undefined ? clock.now() : new Date(request.query.at);
        return ruleSetReport(ctx, request.params.divisionCode, at);
      },
    );
  };
}
