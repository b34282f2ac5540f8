import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type LandcaseApp } from './app.ts';
import { testToken } from './auth.ts';
import { loadConfig } from './config.ts';
import type { ServiceContext, ServiceModule } from './context.ts';
import { declaresNoBody, isObjectSchema } from './empty-body.ts';
import { rawRequest } from './raw-http.ts';

// Over a real socket, since what matters is what clients such as curl put on the wire.

const routes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app) => {
  app.post(
    '/things/:id/poke',
    {
      config: { access: 'referral.referral.dispatch' },
      schema: { body: Type.Object({}, { additionalProperties: false }) },
    },
    async (request) => ({ poked: true, body: request.body }),
  );
  app.post(
    '/things',
    {
      config: { access: 'referral.referral.draft' },
      schema: { body: Type.Object({ name: Type.String() }, { additionalProperties: false }) },
    },
    async (request, reply) => reply.status(201).send({ name: request.body.name }),
  );
};

const testModule: ServiceModule = {
  name: 'referral',
  routes,
  start: async () => ({ stop: async () => {} }),
};

let app: LandcaseApp;
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  app = createApp({
    config: loadConfig({ NODE_ENV: 'test' }),
    modules: [testModule],
    ctxFor: (m) => ({ service: m.name }) as ServiceContext,
    logger: pino({ level: 'silent' }),
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  const token = await testToken({ sub: 'u', agency: 'nrb', division: '141181', roles: ['officer'] });
  auth = { authorization: `Bearer ${token}` };
});
afterAll(() => app.close());

const post = (path: string, headers: Record<string, string>, body?: string) =>
  rawRequest(`${base}${path}`, {
    method: 'POST',
    headers: { ...auth, ...headers },
    ...(body ? { body } : {}),
  });

describe('a command that carries no data', () => {
  it.each([
    ['curl -X POST -H content-type:application/json (a content type, no length, no body)', {}],
    ['application/json with content-length 0', { 'content-length': '0' }],
    ['text/plain with content-length 0', { 'content-type': 'text/plain', 'content-length': '0' }],
    [
      'application/x-www-form-urlencoded with content-length 0',
      { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' },
    ],
    ['an unknown content type with content-length 0', { 'content-type': 'application/x-nothing' }],
    ['no content type and no body', { 'content-type': '' }],
  ])('is taken with %s', async (_, headers) => {
    const given: Record<string, string> = { 'content-type': 'application/json', ...headers };
    if (given['content-type'] === '') delete given['content-type'];
    const res = await post('/referral/things/t-1/poke', given);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ poked: true, body: {} });
  });

  it('is taken with {}', async () => {
    const res = await post(
      '/referral/things/t-1/poke',
      { 'content-type': 'application/json', 'content-length': '2' },
      '{}',
    );
    expect(res.status).toBe(200);
  });

  it('still refuses a stray field', async () => {
    const body = '{"x":1}';
    const res = await post(
      '/referral/things/t-1/poke',
      { 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([{ path: '/x', reason: expect.any(String) }]);
  });
});

describe('a command that requires data', () => {
  it('answers an empty body with 400 naming the missing field, not with a parser error', async () => {
    const res = await post('/referral/things', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body).errors).toEqual([
      { path: '/name', reason: expect.stringContaining('required') },
    ]);
  });

  it('takes its body as before', async () => {
    const body = '{"name":"n"}';
    const res = await post(
      '/referral/things',
      { 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    );
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ name: 'n' });
  });
});

describe('declaresNoBody and isObjectSchema', () => {
  it('tell an empty request and a body that is an object', () => {
    expect(declaresNoBody({})).toBe(true);
    expect(declaresNoBody({ 'content-length': '0' })).toBe(true);
    expect(declaresNoBody({ 'content-length': '2' })).toBe(false);
    expect(declaresNoBody({ 'transfer-encoding': 'chunked' })).toBe(false);
    expect(isObjectSchema({ type: 'object', properties: {} })).toBe(true);
    expect(isObjectSchema({ type: 'array' })).toBe(false);
    expect(isObjectSchema(undefined)).toBe(false);
  });
});
