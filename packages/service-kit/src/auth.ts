import { type Actor, AGENCIES, type Agency, ROLES } from '@landcase/contracts';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { FastifyInstance } from 'fastify';
import { type JWTPayload, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import {
  type Config,
  DEFAULT_ISSUER,
  DEFAULT_MAX_TTL_SECONDS,
  DEV_JWT_SECRET,
  usesDevelopmentSecret,
} from './config.ts';
import { Forbidden, Unauthenticated } from './problems.ts';
import { HMAC_ALGORITHM, tokenKeys } from './token-keys.ts';

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

/** Clocks of the issuer and of this server may differ by this much. */
const CLOCK_TOLERANCE_SECONDS = 30;

const Claims = Type.Object({
  sub: Type.String({ minLength: 1, maxLength: 256 }),
  agency: Type.Union(AGENCIES.map((a) => Type.Literal(a))),
  division: Type.String({ pattern: '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$' }),
  roles: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 32 }),
});

/** What signing a token needs: a secret, or the configuration (whose issuer and audience it writes). */
export type SigningSettings = string | Pick<Config, 'jwtSecret' | 'jwtIssuer' | 'jwtAudience'>;

/**
 * Signs an HS256 bearer token for `actor` (development and tests: production tokens come from
 * whoever holds the secret, or from an identity provider). `ttl` is a jose time span (`'12h'`,
 * `'15m'`) or seconds. Given the configuration, it writes its issuer and audience.
 */
export async function mintToken(
  signing: SigningSettings,
  actor: Actor,
  ttl: string | number = '12h',
): Promise<string> {
  const { jwtSecret, jwtIssuer, jwtAudience } =
    typeof signing === 'string'
      ? { jwtSecret: signing, jwtIssuer: DEFAULT_ISSUER, jwtAudience: undefined }
      : signing;
  const jwt = new SignJWT({ agency: actor.agency, division: actor.division, roles: actor.roles })
    .setProtectedHeader({ alg: HMAC_ALGORITHM, typ: 'JWT' })
    .setSubject(actor.sub)
    .setIssuer(jwtIssuer)
    .setIssuedAt()
    .setExpirationTime(typeof ttl === 'number' ? Math.floor(Date.now() / 1000) + ttl : ttl);
  if (jwtAudience) jwt.setAudience(jwtAudience);
  return jwt.sign(new TextEncoder().encode(jwtSecret));
}

/** A token signed with the development secret, for tests that call routes. */
export const testToken = (actor: Actor, secret: string = DEV_JWT_SECRET): Promise<string> =>
  mintToken(secret, actor, '1h');

/** What checking a token needs; a `Config` has it all. */
export type VerifySettings = Pick<
  Config,
  | 'jwtSecret'
  | 'jwtSecretIsDefault'
  | 'jwtIssuer'
  | 'jwtMaxTtlSeconds'
  | 'jwtAudience'
  | 'jwtPublicKey'
  | 'jwtJwksUrl'
>;

/** Checks a bearer token and answers the actor it names; throws Unauthenticated on any failure. */
export type TokenVerifier = (token: string) => Promise<Actor>;

/**
 * The verifier of the configured tokens: signature (HS256 with the secret, or the configured
 * public key or JWKS), `exp` and `iat` present, a lifetime (`exp - iat`) within the maximum, `iss`,
 * `aud` when configured, and the landcase claims, with at least one role, each a known one.
 */
export function tokenVerifier(settings: VerifySettings): TokenVerifier {
  // The public development secret verifies nothing once an identity provider is configured.
  const secret =
    settings.jwtSecretIsDefault && !usesDevelopmentSecret(settings) ? undefined : settings.jwtSecret;
  const { algorithms, keyFor } = tokenKeys({
    ...(secret !== undefined ? { secret } : {}),
    ...(settings.jwtPublicKey ? { publicKey: settings.jwtPublicKey } : {}),
    ...(settings.jwtJwksUrl ? { jwksUrl: settings.jwtJwksUrl } : {}),
  });
  const maxTtl = settings.jwtMaxTtlSeconds;
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keyFor, {
        algorithms,
        issuer: settings.jwtIssuer,
        ...(settings.jwtAudience ? { audience: settings.jwtAudience } : {}),
        requiredClaims: ['exp', 'iat', 'sub'],
        // Also requires `iat` and refuses one in the future.
        maxTokenAge: maxTtl,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw refusalOf(error, settings);
    }
    const lifetime = payload.exp! - payload.iat!;
    if (lifetime > maxTtl) {
      throw new Unauthenticated(
        `the bearer token lives ${lifetime} s (exp - iat); at most ${maxTtl} s are accepted`,
      );
    }
    return actorOf(payload);
  };
}

/** Checks `token` against a secret (with the default issuer and lifetime) or the configuration. */
export function verifyToken(settings: string | VerifySettings, token: string): Promise<Actor> {
  return tokenVerifier(
    typeof settings === 'string'
      ? {
          jwtSecret: settings,
          jwtSecretIsDefault: false,
          jwtIssuer: DEFAULT_ISSUER,
          jwtMaxTtlSeconds: DEFAULT_MAX_TTL_SECONDS,
        }
      : settings,
  )(token);
}

function actorOf(payload: JWTPayload): Actor {
  const claims = {
    sub: payload.sub,
    agency: payload.agency,
    division: payload.division,
    roles: payload.roles,
  };
  if (Array.isArray(claims.roles)) {
    if (claims.roles.length === 0) throw new Unauthenticated('the bearer token has no roles');
    const unknown = claims.roles.filter((r) => !(ROLES as readonly unknown[]).includes(r));
    if (unknown.length > 0) {
      throw new Unauthenticated(
        `the bearer token names unknown roles (${unknown.map((r) => JSON.stringify(r)).join(', ')}); known: ${ROLES.join(', ')}`,
      );
    }
  }
  if (!Value.Check(Claims, claims)) {
    throw new Unauthenticated('the bearer token lacks valid sub, agency, division or roles claims');
  }
  return claims;
}

/** Why a token was refused, in words a client can act on; never the key or the token itself. */
function refusalOf(error: unknown, settings: VerifySettings): Error {
  if (error instanceof joseErrors.JWTExpired) {
    return new Unauthenticated(
      error.claim === 'iat'
        ? `the bearer token was issued more than ${settings.jwtMaxTtlSeconds} s ago`
        : 'the bearer token has expired',
    );
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (error.reason === 'missing') {
      const names: Record<string, string> = {
        exp: 'expiry (exp)',
        iat: 'issue time (iat)',
        sub: 'subject (sub)',
      };
      return new Unauthenticated(`the bearer token has no ${names[claim] ?? claim}`);
    }
    if (claim === 'iss')
      return new Unauthenticated(`the bearer token's issuer (iss) is not ${settings.jwtIssuer}`);
    if (claim === 'aud') {
      return new Unauthenticated(`the bearer token's audience (aud) is not ${settings.jwtAudience}`);
    }
    if (claim === 'iat') return new Unauthenticated("the bearer token's issue time (iat) is in the future");
    if (claim === 'nbf') return new Unauthenticated('the bearer token is not valid yet (nbf)');
    return new Unauthenticated(`the bearer token's ${claim} claim is not valid`);
  }
  // A JWKS that cannot be fetched is the server's trouble, not the caller's: a 500, logged.
  if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError))
    return error as Error;
  return new Unauthenticated('the bearer token is not valid');
}

const PUBLIC_PATHS = new Set(['/health', '/ready', '/metrics']);
export const isPublicPath = (path: string): boolean =>
  PUBLIC_PATHS.has(path) || path === '/docs' || path.startsWith('/docs/');

/** Requires a valid bearer token on every route except health, readiness, metrics, docs and `config.public`. */
export function installAuth(app: FastifyInstance, verify: TokenVerifier): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0]!;
    if (isPublicPath(path) || request.routeOptions.config?.public === true) return;
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new Unauthenticated();
    request.actor = await verify(match[1]!);
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
