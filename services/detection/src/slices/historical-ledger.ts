import { DivisionCode } from '@landcase/contracts';
import { RULE_SET, timeNodeClasses, timeNodesOf } from '@landcase/lifecycle';
import type { Filter } from '@landcase/readmodels';
import { guarded, namedDivision, type ServiceContext, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { HISTORICAL_LEDGER_COLLECTION, type LedgerEntry } from '../projections/historical-ledger.ts';

// The ledger of historical cases of a division (台账, seed 004 §(六)2), optionally one time-node
// class: the list a batch is drawn from. Oldest occupation first.

export const LedgerQuery = Type.Object(
  {
    divisionCode: DivisionCode,
    timeNode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
type LedgerQuery = Static<typeof LedgerQuery>;

/** The classes the rule set's time nodes make; a timeNode outside them is a 400 naming it. */
export function checkTimeNode(timeNode: string | undefined, path = '/timeNode'): void {
  if (timeNode === undefined) return;
  const classes = timeNodeClasses(timeNodesOf(RULE_SET));
  if (!classes.includes(timeNode)) {
    throw new ValidationProblem([{ path, reason: `unknown time-node class; one of ${classes.join(', ')}` }]);
  }
}

export async function historicalLedgerRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.get<{ Querystring: LedgerQuery }>(
    '/historical',
    {
      schema: {
        summary: 'The ledger of historical cases of a division, one entry per clue with its time-node class',
        tags: ['detection'],
        querystring: LedgerQuery,
      },
      ...guarded('detection.historical.ledger', async (request) => namedDivision(request.query)),
    },
    async (request) => {
      const { divisionCode, timeNode, limit = 100, offset = 0 } = request.query;
      checkTimeNode(timeNode);
      const filter: Filter = { divisionCode, ...(timeNode ? { timeNode } : {}) };
      const ledger = ctx.readModels.collection<LedgerEntry>(HISTORICAL_LEDGER_COLLECTION);
      const [items, total] = await Promise.all([
        ledger.find(filter, { limit, skip: offset, sort: { field: 'occupiedSince', direction: 1 } }),
        ledger.count(filter),
      ]);
      return {
        divisionCode,
        timeNodes: timeNodesOf(RULE_SET),
        ruleSetVersion: RULE_SET.version,
        total,
        limit,
        offset,
        items: items.map(({ revision: _r, ...entry }) => entry),
      };
    },
  );
}
