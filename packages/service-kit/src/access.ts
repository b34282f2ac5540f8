import type { Actor } from '@landcase/contracts';
import {
  type AccessDecision,
  type AccessKey,
  accessRule,
  authorize,
  type DivisionFacts,
  isAccessKey,
  type ResourceFacts,
  significantDivision,
} from '@landcase/lifecycle';
import type { Filter } from '@landcase/readmodels';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isPublicPath } from './auth.ts';
import { HttpProblem, NotFound } from './problems.ts';

// The access policy (packages/lifecycle/src/access) at the HTTP edge. Every route names its entry
// in `config.access` (a route without one stops the app from starting), and asks for the decision
// before its body is validated, so that a caller who may not act learns nothing from the body's
// errors either.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's entry in the access policy. */
    access?: AccessKey;
  }
  interface FastifyInstance {
    /** Every route under the policy, with its entry: what the authorization-matrix test walks. */
    accessRoutes: PolicedRoute[];
  }
}

export interface PolicedRoute {
  method: string;
  url: string;
  access: AccessKey;
}

const POLICY_SOURCE = 'access policy (packages/lifecycle/src/access/policy.ts)';

/** A refusal by the access policy, naming the entry that refused. */
export class AccessDenied extends HttpProblem {
  override readonly name = 'AccessDenied';
  constructor(rule: AccessKey, detail: string) {
    super('forbidden', detail, { rule: { id: rule, source: POLICY_SOURCE } });
  }
}

/** A case named in a body that does not exist, or that the caller may not see. */
export class UnknownCase extends HttpProblem {
  override readonly name = 'UnknownCase';
  constructor(rule: AccessKey, caseId: string, path = '/caseId') {
    super('rule-violation', `no case ${caseId} in the caller's divisions`, {
      rule: { id: rule, source: POLICY_SOURCE },
      errors: [{ path, reason: 'names no case the caller may see' }],
    });
  }
}

export interface Naming {
  /** The resource a 404 names (`enforcement case 123`). */
  what?: string;
  /** The case a body named, for a 422. */
  caseId?: string;
}

/** Throws the problem the decision calls for. */
export function enforce(decision: AccessDecision, naming: Naming = {}): void {
  if (decision.allowed) return;
  if (decision.status === 404) throw new NotFound(`no ${naming.what ?? 'such resource'}`);
  if (decision.status === 422) throw new UnknownCase(decision.rule, naming.caseId ?? '');
  throw new AccessDenied(decision.rule, decision.reason);
}

/** Asks the policy and throws its refusal: the call every route makes. */
export function requireAccess(
  key: AccessKey,
  actor: Actor,
  target?: ResourceFacts | DivisionFacts | null,
  naming?: Naming,
): void {
  enforce(authorize(key, actor, target), naming);
}

// biome-ignore lint/suspicious/noExplicitAny: routes type their own params, body and query
type AnyRequest = FastifyRequest<any>;
type Resolve = (request: AnyRequest) => Promise<ResourceFacts | DivisionFacts | null | undefined>;

const DIVISION = /^([0-9]{6}|[0-9]{9}|[0-9]{12})$/;
const DIVISION_OR_PREFIX = /^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$/;

/**
 * The division a request names in `field` of its query or body, when it is one (with `prefixes`,
 * also `14` or `1411` for a province or a city): a malformed, missing or all-zero one is left to
 * the schema's or the route's own 400.
 */
export function namedDivision(
  source: unknown,
  { field = 'divisionCode', prefixes = false }: { field?: string; prefixes?: boolean } = {},
): DivisionFacts | null {
  const value = (source as Record<string, unknown> | null | undefined)?.[field];
  if (typeof value !== 'string' || !(prefixes ? DIVISION_OR_PREFIX : DIVISION).test(value)) return null;
  return significantDivision(value) ? { divisionCode: value } : null;
}

/**
 * The route options that put a route under the policy: its entry, and a check, before the body is
 * validated, of the target `resolve` finds (the resource's facts, a division, a case's division,
 * or nothing for lists and the ledger).
 */
export function guarded(
  key: AccessKey,
  resolve?: Resolve,
  naming?: (request: AnyRequest) => Naming,
): { config: { access: AccessKey }; preValidation: (request: AnyRequest) => Promise<void> } {
  return {
    config: { access: key },
    preValidation: async (request) => {
      const target = resolve ? await resolve(request) : undefined;
      enforce(authorize(key, request.actor, target ?? null), naming?.(request));
    },
  };
}

/** A route's access check on the resource its request names, and the resource as the check read it. */
export interface CheckedResource<T> {
  /** Spread into the route's options: its policy entry and the check before validation. */
  options: { config: { access: AccessKey }; preValidation: (request: AnyRequest) => Promise<void> };
  /** The resource as the check read it (null when there is none): the handler's command reuses it. */
  of(request: FastifyRequest): T | null;
  /** What the policy was told of it (null when there is none): for what else the caller may do. */
  factsOf(request: FastifyRequest): ResourceFacts | null;
}

/**
 * The check of a route on one resource: `load` reads it (null when there is none), `factsOf` says
 * what the policy needs of it. A caller who may not see it gets 404 as if it did not exist; one
 * who may see it but not act, 403 naming the entry.
 */
export function checkedResource<T>(
  key: AccessKey,
  load: (request: AnyRequest) => Promise<T | null>,
  factsOf: (resource: T) => ResourceFacts | Promise<ResourceFacts>,
  what: (request: AnyRequest) => string,
): CheckedResource<T> {
  const loaded = new WeakMap<FastifyRequest, T | null>();
  const told = new WeakMap<FastifyRequest, ResourceFacts | null>();
  return {
    options: {
      config: { access: key },
      preValidation: async (request) => {
        const resource = await load(request);
        const facts = resource === null ? null : await factsOf(resource);
        enforce(authorize(key, request.actor, facts), { what: what(request) });
        loaded.set(request, resource);
        told.set(request, facts);
      },
    },
    of: (request) => loaded.get(request) ?? null,
    factsOf: (request) => told.get(request) ?? null,
  };
}

/**
 * Refuses to mount a route that is neither public nor under an entry of the policy, so that a new
 * route cannot ship without one. Call before the modules register their routes.
 */
export function installAccessPolicy(app: FastifyInstance): void {
  const routes: PolicedRoute[] = [];
  app.decorate('accessRoutes', routes);
  app.addHook('onRoute', (route) => {
    const path = route.url;
    if (isPublicPath(path) || route.config?.public === true || route.method === 'HEAD') return;
    const key = route.config?.access;
    if (!key || !isAccessKey(key)) {
      throw new Error(
        `${String(route.method)} ${path} has no entry in the access policy (config.access${key ? ` '${key}' is unknown` : ''})`,
      );
    }
    for (const method of [route.method].flat())
      routes.push({ method: String(method), url: path, access: key });
    const rule = accessRule(key);
    route.schema ??= {};
    const schema = route.schema as { description?: string };
    const who = typeof rule.who === 'string' ? rule.who : rule.who.join(', ');
    const note = `Access (${key}): ${who}${rule.roles ? `, role ${rule.roles.join(' or ')}` : ''}; scope ${rule.scope}.`;
    schema.description = schema.description ? `${schema.description}\n\n${note}` : note;
  });
}

/**
 * What a list may hold for a caller: documents whose `audience` holds its agency, in its divisions
 * (listFilter narrows them to a `withinDivision` under them). Null for a caller of no division.
 */
export function visibleFilter(actor: Actor): Filter | null {
  const own = significantDivision(actor.division);
  return own ? { audience: actor.agency, divisionLevels: own } : null;
}
