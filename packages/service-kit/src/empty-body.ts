import type { FastifyInstance, FastifyRequest } from 'fastify';

// A command that carries no data (dispatch a referral, sign its receipt) is sent as curl and most
// clients send it: POST with `content-type: application/json` and no body at all. Fastify would
// hand that empty body to the JSON parser (400 "body is empty") or, for another content type, to
// no parser (415). Neither helps anyone: an empty body is no body, whatever it claims to be.

/** True when the request declares that no body follows (no length, or length 0, and not chunked). */
export function declaresNoBody(headers: FastifyRequest['headers']): boolean {
  if (headers['transfer-encoding'] !== undefined) return false;
  const length = headers['content-length'];
  return length === undefined || length === '0';
}

/** Whether a route's body schema describes a JSON object. */
export function isObjectSchema(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'object';
}

/**
 * Treats an empty body as no body whatever its content type, and checks a missing body as `{}`
 * where the route takes an object: a command whose schema requires nothing may then be sent with
 * no body, an empty one or `{}`, and one that requires fields answers 400 naming each of them
 * (rather than "must be object").
 */
export function installEmptyBody(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    // Fastify parses a body only when a content type is given: without it, nothing is parsed.
    if (request.headers['content-type'] !== undefined && declaresNoBody(request.headers)) {
      delete request.raw.headers['content-type'];
    }
  });
  app.addHook('preValidation', async (request) => {
    if (
      (request.body === undefined || request.body === null) &&
      isObjectSchema(request.routeOptions.schema?.body)
    ) {
      request.body = {};
    }
  });
}
