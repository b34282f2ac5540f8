import type { RouteOptions } from 'fastify';
import { isPublicPath } from './auth.ts';
import { ProblemSchema } from './problems.ts';

// The responses the OpenAPI document declares for each operation. Problems are answered the same
// way by every route (error-handler.ts), so they are declared here, for every route, from what the
// route is: any route may fail (`default`); a route behind the bearer token 401 and 403; one that
// takes input 400; one with a path parameter 404; a write 409, 412, 413, 415, 422 and 429. A
// route's own `schema.response` entry for a status keeps its description (and its content, if it
// gives one). They are added where the document is
// made (the swagger `transform`), not to the routes' schemas, which would compile a serializer for
// every route and status at start-up and change nothing on the wire: problems are sent as text.
//
// What this cannot know is a route that answers 201 or 202: such a route says so in its own
// `schema.response`, e.g. `{ 201: { description: 'The new clue' }, 200: { description: '...' } }`
// (a schema with no type: the body is serialised as before). A route that declares no success
// is documented with 200.

/** The id of the problem schema among the app's shared schemas (and the document's components). */
export const PROBLEM_SCHEMA_ID = 'Problem';

export const ProblemComponent = { $id: PROBLEM_SCHEMA_ID, title: PROBLEM_SCHEMA_ID, ...ProblemSchema };

const PROBLEM_DESCRIPTIONS = {
  400: 'The request is not valid: `errors` names each field (a JSON pointer) and why',
  401: 'No bearer token, or one that is not valid',
  403: 'The caller may not do this',
  404: 'No such resource, or none the caller may see',
  409: 'Not allowed in the current state, or changed by someone else meanwhile',
  412: 'If-Match names another revision',
  413: 'The body is larger than 1 MiB',
  415: 'The body is not application/json',
  422: 'The command breaks a domain rule (`rule` names it and its legal source)',
  429: 'Too many writes from this caller; Retry-After says when to try again',
  default: 'Any other problem, such as 500 (quote `requestId`)',
} as const;

export type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface RouteFacts {
  method: string;
  url: string;
  schema: Record<string, unknown>;
  isPublic: boolean;
}

/** The problem statuses an operation declares, `default` included. */
export function problemStatusesOf(route: RouteFacts): ProblemStatus[] {
  const write = WRITES.has(route.method);
  const hasParams = /[:*]/.test(route.url);
  const takesInput =
    write || hasParams || ['body', 'querystring', 'params', 'headers'].some((part) => route.schema[part]);
  return [
    ...(takesInput ? [400 as const] : []),
    ...(route.isPublic ? [] : [401 as const, 403 as const]),
    ...(hasParams ? [404 as const] : []),
    ...(write ? [409 as const, 412 as const, 413 as const, 415 as const, 422 as const, 429 as const] : []),
    'default' as const,
  ];
}

const problemResponse = (status: ProblemStatus) => ({
  description: PROBLEM_DESCRIPTIONS[status],
  content: { 'application/problem+json': { schema: { $ref: `${PROBLEM_SCHEMA_ID}#` } } },
});

const isSuccess = (status: string) => /^2/.test(status);

/** What the swagger `transform` hands over: the route's schema, its URL and the route itself. */
interface TransformInput {
  schema: Record<string, unknown> | undefined;
  url: string;
  route: Pick<RouteOptions, 'method' | 'config'>;
}

/** Adds the problem responses (and a 200 where the route declares no success) to a route's documented schema. */
export function documentResponses({ schema = {}, url, route }: TransformInput): {
  schema: Record<string, unknown>;
  url: string;
} {
  const method = Array.isArray(route.method) ? route.method[0]! : route.method;
  const declared = (schema.response ?? {}) as Record<string, unknown>;
  const response: Record<string, unknown> = { ...declared };
  if (!Object.keys(declared).some(isSuccess)) response[200] = { description: 'Success' };
  const isPublic = isPublicPath(url) || (route.config as { public?: boolean } | undefined)?.public === true;
  for (const status of problemStatusesOf({ method, url, schema, isPublic })) {
    const own = declared[status] as { description?: string; content?: unknown } | undefined;
    // A route's own words for a status are kept; the body is a problem all the same.
    if (own?.content === undefined) {
      response[status] = {
        ...problemResponse(status),
        ...(own?.description ? { description: own.description } : {}),
      };
    }
  }
  return { schema: { ...schema, response }, url };
}
