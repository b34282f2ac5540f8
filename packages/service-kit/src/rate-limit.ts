import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimit } from './config.ts';
import { HttpProblem } from './problems.ts';

// At most `max` writes per caller in each window (LANDCASE_RATE_LIMIT; off when unset). A caller
// is the token's agency and subject, so colleagues behind one proxy do not share a budget; a
// request without a token (only public routes get that far) counts against its IP address. Reads
// are not limited. The count is kept in this process: each service of a distributed deployment
// counts its own writes.

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whom a write counts against. */
export const rateLimitKeyOf = (request: FastifyRequest): string =>
  request.actor ? `actor:${request.actor.agency}:${request.actor.sub}` : `ip:${request.ip}`;

export class RateLimited extends HttpProblem {
  override readonly name = 'RateLimited';
  constructor(limit: RateLimit, retryAfterSeconds: number) {
    super(
      'rate-limited',
      `at most ${limit.text.replace('/', ' writes per ')} per caller; retry in ${retryAfterSeconds} s`,
      { retryAfter: retryAfterSeconds },
    );
  }
}

/**
 * Limits writes when `limit` is set; 429 problem+json with Retry-After beyond it. The count is
 * taken after the auth hook (which names the caller) and before the body is read.
 */
export function installRateLimit(app: FastifyInstance, limit: RateLimit | undefined): void {
  if (!limit) return;
  app.register(rateLimit, {
    global: true,
    max: limit.max,
    timeWindow: limit.windowMs,
    hook: 'preParsing',
    keyGenerator: rateLimitKeyOf,
    allowList: (request) => !WRITES.has(request.method),
    errorResponseBuilder: (_request, context) => new RateLimited(limit, Math.ceil(context.ttl / 1000)),
  });
}
