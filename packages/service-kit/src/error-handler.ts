import { STATUS_CODES } from 'node:http';
import { type Problem, problem } from '@landcase/contracts';
import { WrongExpectedRevisionError } from '@landcase/eventstore';
import { RuleSetNotLoadedError } from '@landcase/lifecycle';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConcurrencyConflict, isHttpProblem, NotFound, ValidationProblem } from './problems.ts';
import { fieldErrorsOf } from './validation-errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** The longest path parameter fastify routes (its `maxParamLength`); a longer one is 414. */
export const MAX_PARAM_LENGTH = 100;

const PART_NAMES: Record<string, string> = {
  body: 'body',
  querystring: 'query string',
  params: 'path parameters',
  headers: 'headers',
};

/** The problem to answer an error with; `null` for an error nobody expected (a 500). */
export function problemOf(error: unknown): Problem | null {
  if (isHttpProblem(error)) return error.problem;
  if (error instanceof WrongExpectedRevisionError) return new ConcurrencyConflict().problem;
  // Not the caller's fault and not a bug: the operator removed a version a case still lives under.
  if (error instanceof RuleSetNotLoadedError) return httpProblem(503, error.message);
  const e = error as Partial<FastifyError>;
  if (Array.isArray(e.validation)) {
    const part = PART_NAMES[e.validationContext ?? 'body'] ?? 'request';
    const errors = fieldErrorsOf(e.validation);
    return new ValidationProblem(errors, `the ${part} is not valid`).problem;
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return httpProblem(415, 'the body must be application/json');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return httpProblem(414, `a path segment is longer than ${MAX_PARAM_LENGTH} characters`);
    case 'FST_ERR_BAD_URL':
      return httpProblem(400, 'the URL is not valid (a percent-encoded segment does not decode)');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('payload-too-large', 'the request body is larger than 1 MiB');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem('validation', 'the body is not valid JSON', {
        errors: [{ path: '', reason: 'is not valid JSON' }],
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('validation', 'the body is empty but the content type is application/json', {
        errors: [{ path: '', reason: 'is empty' }],
      });
  }
  // Other client errors raised by fastify itself (unsupported media type, bad content length, ...)
  // are safe to describe; there is no landcase problem type for them.
  const status = e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && e.code?.startsWith('FST_')) {
    return httpProblem(status, e.message ?? STATUS_CODES[status] ?? 'client error');
  }
  return null;
}

/**
 * A problem of HTTP itself, with no landcase semantics beyond its status: RFC 9457 `about:blank`,
 * titled by the status.
 */
export const httpProblem = (status: number, detail: string): Problem => ({
  type: 'about:blank',
  title: STATUS_CODES[status] ?? 'Error',
  status,
  detail,
});

export function sendProblem(reply: FastifyReply, request: FastifyRequest, p: Problem): FastifyReply {
  const body: Problem = { ...p, instance: request.url, requestId: request.id };
  // Serialised here so that a route's response schema never reshapes (or strips) the problem. The
  // request id header is set again for answers given before the onRequest hooks ran.
  return reply
    .status(p.status)
    .header('x-request-id', request.id)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(body));
}

/** Answers `error` as a problem; one nobody expected is logged and answered 500 with no details. */
export function answerError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const p = problemOf(error);
  if (p) {
    if (p.status >= 500) request.log.error({ err: error }, p.detail ?? p.title);
    else request.log.info({ problem: p.type, status: p.status, detail: p.detail }, 'request refused');
    return sendProblem(reply, request, p);
  }
  // Unknown errors: the log gets everything, the client only the request id to quote.
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(
    reply,
    request,
    problem('internal', 'an unexpected error occurred; quote the request id'),
  );
}

/**
 * Installs the problem+json error handler and not-found handler on `app`. Given `allowedMethods`,
 * a path served with other methods than the one asked answers 405 with `Allow`, not 404.
 */
export function installErrorHandlers(
  app: FastifyInstance,
  allowedMethods?: (path: string) => string[],
): void {
  app.setErrorHandler(answerError);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = allowedMethods?.(path) ?? [];
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(
        reply,
        request,
        httpProblem(405, `${request.method} is not served at ${path}; allowed: ${allowed.join(', ')}`),
      );
    }
    return sendProblem(reply, request, new NotFound(`no route ${request.method} ${path}`).problem);
  });
}
