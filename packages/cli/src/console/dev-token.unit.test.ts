import { DEV_JWT_SECRET, type LandcaseApp, loadConfig, verifyToken } from '@landcase/service-kit';
import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { devTokenRoute, devTokensAllowed } from './dev-token.ts';

const quiet = pino({ level: 'silent' });
const OWN_SECRET = 'a-secret-of-this-deployment-0123456789abcdef';

async function appWith(env: NodeJS.ProcessEnv) {
  const config = loadConfig(env, quiet);
  const app = Fastify() as unknown as LandcaseApp;
  devTokenRoute(app, config);
  await app.ready();
  return { app, config };
}

const body = { agency: 'nrb', division: '141181', roles: ['officer', 'head'] };

describe('POST /dev/token', () => {
  it('signs, outside production with the development secret, a token the server accepts for what was asked', async () => {
    const { app, config } = await appWith({ NODE_ENV: 'development' });
    expect(devTokensAllowed(config)).toBe(true);
    const res = await app.inject({ method: 'POST', url: '/dev/token', payload: body });
    expect(res.statusCode).toBe(200);
    const actor = await verifyToken(config, res.json().token);
    expect(actor).toEqual({
      sub: 'nrb-141181',
      agency: 'nrb',
      division: '141181',
      roles: ['officer', 'head'],
    });
    expect(config.jwtSecret).toBe(DEV_JWT_SECRET);
  });

  it('refuses a division that is no 6, 9 or 12 digit code, an unknown agency or role, and no roles', async () => {
    const { app } = await appWith({ NODE_ENV: 'development' });
    for (const wrong of [
      { ...body, division: '1411' },
      { ...body, agency: 'mayor' },
      { ...body, roles: ['king'] },
      { ...body, roles: [] },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/dev/token', payload: wrong });
      expect(res.statusCode).toBe(400);
    }
  });

  it('does not exist in production, nor with a secret of the deployment own', async () => {
    for (const env of [
      { NODE_ENV: 'production', LANDCASE_JWT_SECRET: OWN_SECRET },
      { NODE_ENV: 'development', LANDCASE_JWT_SECRET: OWN_SECRET },
    ]) {
      const { app, config } = await appWith(env);
      expect(devTokensAllowed(config)).toBe(false);
      const res = await app.inject({ method: 'POST', url: '/dev/token', payload: body });
      expect(res.statusCode).toBe(404);
    }
  });

  it('is refused in production even where the development secret were in use', () => {
    const config = { ...loadConfig({ NODE_ENV: 'development' }, quiet), nodeEnv: 'production' };
    expect(devTokensAllowed(config)).toBe(false);
  });
});
