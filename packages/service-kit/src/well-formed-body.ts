import { LONE_SURROGATE_REASON, loneSurrogatePath } from '@landcase/contracts';
import type { FastifyInstance } from 'fastify';
import { ValidationProblem } from './problems.ts';

/**
 * A JSON body may spell a lone surrogate (`"\ud800"`) that no event may hold (the audit ledger
 * hashes events as I-JSON): refused with 400 naming the field, before the route's schema runs, for
 * every route alike.
 */
export function refuseIllFormedBodies(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const path = loneSurrogatePath(request.body);
    if (path !== undefined) throw new ValidationProblem([{ path, reason: LONE_SURROGATE_REASON }]);
  });
}
