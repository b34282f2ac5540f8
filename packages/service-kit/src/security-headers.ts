import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

// helmet's headers on every answer. The API answers JSON only, so its Content-Security-Policy
// allows nothing to load; the Swagger UI at /docs is an HTML page that loads its own scripts,
// styles and images (and the OpenAPI document) from this server, so /docs gets a policy of its own
// (createApp passes it to @fastify/swagger-ui, whose onSend replaces the API's on its routes).
// Neither upgrades insecure requests: a deployment on plain HTTP behind a proxy must still load
// /docs.

export const API_CSP = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

export const DOCS_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  // Swagger UI sets style attributes from its scripts.
  "style-src 'self' 'unsafe-inline'",
].join('; ');

/** Registers helmet with the API's policy; call before the routes and the auth hook. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
  });
}
