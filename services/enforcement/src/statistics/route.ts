import { guarded, namedDivision, type ServiceContext, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { significantCode } from './division.ts';
import { type MonthDoc, STATISTICS_COLLECTION } from './documents.ts';
import { MONTH_PATTERN, monthSpan, monthsBetween } from './month.ts';
import { addTally, emptyTally, figuresOf } from './tally.ts';

/** Ten years of months: a longer range is a bulk export, not a query. */
export const MAX_MONTHS = 120;

const Month = Type.String({ pattern: MONTH_PATTERN, description: 'a month in China Standard Time, YYYY-MM' });

export const StatisticsQuery = Type.Object(
  {
    divisionCode: Type.String({
      pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$',
      description:
        'division code, or its prefix: 14 or 140000 is the province, 1411 or 141100 the city with its counties',
    }),
    from: Month,
    to: Month,
  },
  { additionalProperties: false },
);
export type StatisticsQuery = Static<typeof StatisticsQuery>;

/** The months and the division a query names, or the problem with it. */
export function statisticsRange(query: StatisticsQuery): { level: string; months: string[] } {
  const level = significantCode(query.divisionCode);
  if (!level) {
    throw new ValidationProblem([{ path: '/divisionCode', reason: 'must name a division, not only zeros' }]);
  }
  const span = monthSpan(query.from, query.to);
  if (span < 1) {
    throw new ValidationProblem([{ path: '/from', reason: `must not be after to (${query.to})` }]);
  }
  if (span > MAX_MONTHS) {
    throw new ValidationProblem([{ path: '/to', reason: `must be at most ${MAX_MONTHS} months from from` }]);
  }
  return { level, months: monthsBetween(query.from, query.to) };
}

export async function statisticsRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: StatisticsQuery }>(
    '/statistics',
    {
      schema: {
        summary:
          'Supervision figures per China-time month for a division and every division under it (a code ' +
          'padded with zeros, 141100, is its prefix, 1411)',
        tags: ['enforcement'],
        querystring: StatisticsQuery,
      },
      // Before the query is validated: a caller who may not read the figures learns nothing more.
      ...guarded('enforcement.statistics', async (request) =>
        namedDivision(request.query, { prefixes: true }),
      ),
    },
    async (request) => {
      const { level, months } = statisticsRange(request.query);
      const docs = await ctx.readModels
        .collection<MonthDoc>(STATISTICS_COLLECTION)
        .find({ divisionLevels: level, month: months });
      const byMonth = new Map(months.map((month) => [month, emptyTally()]));
      for (const doc of docs) {
        const tally = byMonth.get(doc.month);
        if (tally) addTally(tally, doc);
      }
      const total = emptyTally();
      for (const tally of byMonth.values()) addTally(total, tally);
      return {
        divisionCode: request.query.divisionCode,
        from: request.query.from,
        to: request.query.to,
        months: [...byMonth].map(([month, tally]) => ({ month, ...figuresOf(tally) })),
        total: figuresOf(total),
      };
    },
  );
}
