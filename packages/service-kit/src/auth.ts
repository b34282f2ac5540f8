import { type Actor, AGENCIES, type Agency } from '@landcase/contracts';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { DEV_JWT_SECRET } from './config.ts';
import { Forbidden, Unauthenticated } from './problems.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set by the auth hook on every route that is not public. */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** Serve this route without a bearer token. */
    public?: boolean;
  }
}

const ISSUER = 'landcase';
const ALG = 'HS256';

const Claims = Type.Object({
  sub: Type.String({ minLength: 1, maxLength: 256 }),
  agency: Type.Union(AGENCIES.map((a) => Type.Literal(a))),
  division: Type.String({ pattern: '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$' }),
  roles: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 32 }),
});

const keyOf = (secret: string) => new TextEncoder().encode(secret);

/** Signs a bearer token for `actor`. `ttl` is a jose time span (`'12h'`, `'15m'`) or seconds. */
export async function mintToken(secret: string, actor: Actor, ttl: string | number = '12h'): Promise<string> {
  return new SignJWT({ agency: actor.agency, division: actor.division, roles: actor.roles })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(actor.sub)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(typeof ttl === 'number' ? Math.floor(Date.now() / 1000) + ttl : ttl)
    .sign(keyOf(secret));
}

/** A token signed with the development secret, for tests that call routes. */
export const testToken = (actor: Actor, secret: string = DEV_JWT_SECRET): Promise<string> =>
  mintToken(secret, actor, '1h');

/** Checks signature, expiry, issuer and claims; throws Unauthenticated on any failure. */
export async function verifyToken(secret: string, token: string): Promise<Actor> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, keyOf(secret), { algorithms: [ALG], issuer: ISSUER }));
  } catch (error) {
    throw new Unauthenticated(
      error instanceof joseErrors.JWTExpired
        ? 'the bearer token has expired'
        : 'the bearer token is not valid',
    );
  }
  const claims = {
    sub: payload.sub,
    agency: payload.agency,
    division: payload.division,
    roles: payload.roles,
  };
  if (!Value.Check(Claims, claims)) {
    throw new Unauthenticated('the bearer token lacks valid sub, agency, division or roles claims');
  }
  return claims;
}

const PUBLIC_PATHS = new Set(['/health', '/ready', '/metrics']);
export const isPublicPath = (path: string): boolean =>
  PUBLIC_PATHS.has(path) || path === '/docs' || path.startsWith('/docs/');

/** Requires a valid bearer token on every route except health, readiness, metrics, docs and `config.public`. */
export function installAuth(app: FastifyInstance, secret: string): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0]!;
    if (isPublicPath(path) || request.routeOptions.config?.public === true) return;
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new Unauthenticated();
    request.actor = await verifyToken(secret, match[1]!);
  });
}

export function requireAgency(actor: Actor, ...agencies: Agency[]): void {
  if (!agencies.includes(actor.agency)) {
    throw new Forbidden(`agency ${actor.agency} may not do this; allowed: ${agencies.join(', ')}`);
  }
}

export function requireRole(actor: Actor, ...roles: string[]): void {
  if (!roles.some((r) => actor.roles.includes(r))) {
    throw new Forbidden(
      `this needs the role ${roles.join(' or ')}; the actor has ${actor.roles.join(', ') || 'none'}`,
    );
  }
}
