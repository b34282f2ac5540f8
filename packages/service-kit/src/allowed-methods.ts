import type { FastifyInstance } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';

// Fastify answers a known path asked with another method as an unknown route (404). To answer
// 405 with `Allow` instead, every route is also entered, by path and method, in a router of the
// same kind as fastify's own (find-my-way), which the not-found handler asks which methods the
// path has.

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Records the routes of `app`; the answer tells the methods a concrete path is served with. */
export function trackAllowedMethods(app: FastifyInstance): (path: string) => string[] {
  const router = FindMyWay();
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => m.toUpperCase());
    for (const method of methods) {
      if (!(METHODS as readonly string[]).includes(method)) continue;
      // The same path may be declared twice under constraints; one entry is enough here.
      if (router.hasRoute(method as HTTPMethod, route.url)) continue;
      router.on(method as HTTPMethod, route.url, () => {});
    }
  });
  return (path) => METHODS.filter((method) => router.find(method, path) !== null);
}
