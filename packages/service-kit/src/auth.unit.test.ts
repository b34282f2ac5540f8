import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Actor } from '@landcase/contracts';
import { exportJWK, SignJWT } from 'jose';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type LandcaseApp } from './app.ts';
import { mintToken, verifyToken } from './auth.ts';
import { type Config, DEV_JWT_SECRET, loadConfig } from './config.ts';
import type { ServiceContext, ServiceModule } from './context.ts';

// Each refusal of a bearer token, as the client sees it: 401 problem+json naming what is wrong.

const probe: ServiceModule = {
  name: 'detection',
  routes: async (app) => {
    app.get('/whoami', { config: { access: 'detection.clue.list' } }, async (request) => request.actor);
  },
  start: async () => ({ stop: async () => {} }),
};

const actor: Actor = { sub: 'officer-1', agency: 'nrb', division: '141181', roles: ['officer', 'head'] };
const SECRET = 'a-secret-of-this-deployment-0123456789';

const apps: LandcaseApp[] = [];
async function appWith(env: NodeJS.ProcessEnv): Promise<{ app: LandcaseApp; config: Config }> {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const app = createApp({
    config,
    modules: [probe],
    ctxFor: (m) => ({ service: m.name }) as ServiceContext,
    logger: pino({ level: 'silent' }),
  });
  await app.ready();
  apps.push(app);
  return { app, config };
}
afterAll(async () => {
  for (const app of apps) await app.close();
});

const call = (app: LandcaseApp, token: string) =>
  app.inject({ url: '/detection/whoami', headers: { authorization: `Bearer ${token}` } });

async function refusal(app: LandcaseApp, token: string): Promise<string> {
  const res = await call(app, token);
  expect(res.statusCode).toBe(401);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ type: 'https://landcase.org/problems/unauthenticated', status: 401 });
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body.detail;
}

const now = () => Math.floor(Date.now() / 1000);
const hs256 = (secret = SECRET) => new TextEncoder().encode(secret);

/** A token with the landcase claims and exactly the registered claims given. */
function claims(extra: Record<string, unknown> = {}, header: Record<string, string> = { alg: 'HS256' }) {
  return new SignJWT({ agency: actor.agency, division: actor.division, roles: actor.roles, ...extra })
    .setProtectedHeader({ typ: 'JWT', alg: 'HS256', ...header })
    .setSubject(actor.sub);
}

describe('HS256 tokens of the deployment secret', () => {
  let app: LandcaseApp;
  let config: Config;
  beforeAll(async () => {
    ({ app, config } = await appWith({ LANDCASE_JWT_SECRET: SECRET }));
  });

  it('accepts what mintToken signs with the configuration', async () => {
    const res = await call(app, await mintToken(config, actor));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(actor);
  });

  it('refuses a token without exp', async () => {
    const token = await claims().setIssuer('landcase').setIssuedAt().sign(hs256());
    expect(await refusal(app, token)).toBe('the bearer token has no expiry (exp)');
  });

  it('refuses a token without iat', async () => {
    const token = await claims().setIssuer('landcase').setExpirationTime('1h').sign(hs256());
    expect(await refusal(app, token)).toBe('the bearer token has no issue time (iat)');
  });

  it('refuses a token issued in the future', async () => {
    const token = await claims()
      .setIssuer('landcase')
      .setIssuedAt(now() + 3600)
      .setExpirationTime(now() + 7200)
      .sign(hs256());
    expect(await refusal(app, token)).toBe("the bearer token's issue time (iat) is in the future");
  });

  it('refuses a token that lives longer than the maximum (24h by default), however fresh', async () => {
    const token = await claims().setIssuer('landcase').setIssuedAt().setExpirationTime('25h').sign(hs256());
    expect(await refusal(app, token)).toBe(
      'the bearer token lives 90000 s (exp - iat); at most 86400 s are accepted',
    );
    const day = await claims().setIssuer('landcase').setIssuedAt().setExpirationTime('24h').sign(hs256());
    expect((await call(app, day)).statusCode).toBe(200);
  });

  it('refuses an expired token, and one issued longer ago than the maximum lifetime', async () => {
    expect(await refusal(app, await mintToken(config, actor, -60))).toBe('the bearer token has expired');
    const old = await claims()
      .setIssuer('landcase')
      .setIssuedAt(now() - 90_000)
      .setExpirationTime(now() + 600)
      .sign(hs256());
    expect(await refusal(app, old)).toBe('the bearer token was issued more than 86400 s ago');
  });

  it('refuses another issuer, or none', async () => {
    const other = await claims()
      .setIssuer('someone-else')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(hs256());
    expect(await refusal(app, other)).toBe("the bearer token's issuer (iss) is not landcase");
    const none = await claims().setIssuedAt().setExpirationTime('1h').sign(hs256());
    expect(await refusal(app, none)).toBe('the bearer token has no iss');
  });

  it('refuses a token with no roles (it used to pass a role check for nothing)', async () => {
    const token = await mintToken(config, { ...actor, roles: [] });
    expect(await refusal(app, token)).toBe('the bearer token has no roles');
  });

  it('refuses a role outside the known set', async () => {
    const token = await mintToken(config, { ...actor, roles: ['officer', 'superuser'] });
    expect(await refusal(app, token)).toBe(
      'the bearer token names unknown roles ("superuser"); known: officer, head, auditor, ops',
    );
    for (const role of ['officer', 'head', 'auditor', 'ops']) {
      expect((await call(app, await mintToken(config, { ...actor, roles: [role] }))).statusCode).toBe(200);
    }
  });

  it('refuses the development secret, an unsigned token and a token of another algorithm', async () => {
    expect(await refusal(app, await mintToken(DEV_JWT_SECRET, actor))).toBe('the bearer token is not valid');
    const payload = (await mintToken(config, actor)).split('.')[1];
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect(await refusal(app, unsigned)).toBe('the bearer token is not valid');
    const hs512 = await claims({}, { alg: 'HS512' })
      .setIssuer('landcase')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(hs256());
    expect(await refusal(app, hs512)).toBe('the bearer token is not valid');
  });
});

describe('a configured issuer, audience and maximum lifetime', () => {
  let app: LandcaseApp;
  let config: Config;
  beforeAll(async () => {
    ({ app, config } = await appWith({
      LANDCASE_JWT_SECRET: SECRET,
      LANDCASE_JWT_ISSUER: 'https://id.landcase.example',
      LANDCASE_JWT_AUDIENCE: 'landcase-api',
      LANDCASE_JWT_MAX_TTL: '1h',
    }));
  });

  it('mintToken writes them, and the token is accepted', async () => {
    const token = await mintToken(config, actor, '30m');
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ iss: 'https://id.landcase.example', aud: 'landcase-api' });
    expect((await call(app, token)).statusCode).toBe(200);
  });

  it('refuses a token without the audience, or with another', async () => {
    const base = () =>
      claims().setIssuer('https://id.landcase.example').setIssuedAt().setExpirationTime('30m');
    expect(await refusal(app, await base().sign(hs256()))).toBe('the bearer token has no aud');
    expect(await refusal(app, await base().setAudience('another-api').sign(hs256()))).toBe(
      "the bearer token's audience (aud) is not landcase-api",
    );
    expect(
      (await call(app, await base().setAudience(['another-api', 'landcase-api']).sign(hs256()))).statusCode,
    ).toBe(200);
  });

  it('holds tokens to the configured maximum lifetime', async () => {
    expect(await refusal(app, await mintToken(config, actor, '2h'))).toBe(
      'the bearer token lives 7200 s (exp - iat); at most 3600 s are accepted',
    );
  });

  it('refuses the default issuer', async () => {
    const token = await mintToken(
      { jwtSecret: SECRET, jwtIssuer: 'landcase', jwtAudience: 'landcase-api' },
      actor,
    );
    expect(await refusal(app, token)).toBe(
      "the bearer token's issuer (iss) is not https://id.landcase.example",
    );
  });
});

/** An identity provider's token, signed with its private key. */
const idpToken = (key: KeyObject, alg: string, kid?: string, extra: Record<string, unknown> = {}) =>
  claims(extra, { alg, ...(kid ? { kid } : {}) })
    .setIssuer('https://idp.example')
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(key);

describe("an identity provider's public key", () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let app: LandcaseApp;
  beforeAll(async () => {
    ({ app } = await appWith({
      LANDCASE_JWT_PUBLIC_KEY: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      LANDCASE_JWT_ISSUER: 'https://idp.example',
    }));
  });

  it('verifies its RS256 tokens', async () => {
    const res = await call(app, await idpToken(rsa.privateKey, 'RS256'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(actor);
  });

  it('refuses HS256 tokens, of the development secret or signed with the public key as a secret', async () => {
    const dev = await mintToken({ jwtSecret: DEV_JWT_SECRET, jwtIssuer: 'https://idp.example' }, actor);
    expect(await refusal(app, dev)).toBe('the bearer token is not valid');
    const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const confused = await claims()
      .setIssuer('https://idp.example')
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(hs256(pem));
    expect(await refusal(app, confused)).toBe('the bearer token is not valid');
  });

  it('refuses a token signed by another key, and still checks the claims', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(await refusal(app, await idpToken(other.privateKey, 'RS256'))).toBe(
      'the bearer token is not valid',
    );
    expect(await refusal(app, await idpToken(rsa.privateKey, 'RS256', undefined, { roles: [] }))).toBe(
      'the bearer token has no roles',
    );
  });
});

describe("an identity provider's JWKS", () => {
  const ed = generateKeyPairSync('ed25519');
  let jwks: Server;
  let app: LandcaseApp;
  let fetches = 0;
  beforeAll(async () => {
    const jwk = { ...(await exportJWK(ed.publicKey)), kid: 'key-2026', alg: 'EdDSA', use: 'sig' };
    jwks = createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    ({ app } = await appWith({
      LANDCASE_JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
      LANDCASE_JWT_ISSUER: 'https://idp.example',
    }));
  });
  afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

  it('verifies tokens by their kid, fetching the key set once', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await call(app, await idpToken(ed.privateKey, 'EdDSA', 'key-2026'))).statusCode).toBe(200);
    }
    expect(fetches).toBe(1);
  });

  it('refuses an unknown kid, a foreign key and the development secret', async () => {
    expect(await refusal(app, await idpToken(ed.privateKey, 'EdDSA', 'key-1999'))).toBe(
      'the bearer token is not valid',
    );
    const other = generateKeyPairSync('ed25519');
    expect(await refusal(app, await idpToken(other.privateKey, 'EdDSA', 'key-2026'))).toBe(
      'the bearer token is not valid',
    );
    expect(
      await refusal(
        app,
        await mintToken({ jwtSecret: DEV_JWT_SECRET, jwtIssuer: 'https://idp.example' }, actor),
      ),
    ).toBe('the bearer token is not valid');
  });
});

describe('verifyToken', () => {
  it('checks a token against a bare secret with the default issuer and lifetime', async () => {
    expect(await verifyToken(SECRET, await mintToken(SECRET, actor))).toEqual(actor);
    await expect(verifyToken(SECRET, await mintToken(SECRET, actor, '48h'))).rejects.toThrow(
      /at most 86400 s/,
    );
  });
});
