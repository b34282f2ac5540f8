import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { Actor } from '@landcase/contracts';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type LandcaseApp } from './app.ts';
import { testToken } from './auth.ts';
import { loadConfig } from './config.ts';
import type { ServiceContext, ServiceModule } from './context.ts';
import { type ProblemStatus, problemStatusesOf } from './openapi-responses.ts';

const routes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app) => {
  app.get(
    '/cases',
    {
      config: { access: 'enforcement.case.list' },
      schema: { summary: 'List', querystring: Type.Object({ limit: Type.Optional(Type.Integer()) }) },
    },
    async () => ({ items: [] }),
  );
  app.get(
    '/cases/:caseId',
    {
      config: { access: 'enforcement.case.read' },
      schema: { params: Type.Object({ caseId: Type.String() }) },
    },
    async (request) => ({
      caseId: request.params.caseId,
      when: new Date(0),
      nothing: undefined,
    }),
  );
  app.post(
    '/cases',
    {
      config: { access: 'enforcement.case.filing' },
      schema: {
        body: Type.Object({ note: Type.String() }),
        response: {
          201: { description: 'the new case' },
          200: { description: 'the case created before with that key' },
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ note: request.body.note, at: new Date(0), x: undefined }),
  );
  app.post(
    '/cases/:caseId/sweeps',
    {
      config: { access: 'detection.sweep.import' },
      schema: { response: { 202: { description: 'accepted; GET the sweep for its progress' } } },
    },
    async (_request, reply) => reply.status(202).send({ accepted: 1 }),
  );
  app.post(
    '/cases/:caseId/notes',
    {
      config: { access: 'enforcement.case.interference' },
      schema: { response: { 404: { description: 'no such case: said by the route itself' } } },
    },
    async () => ({ ok: true }),
  );
  app.get('/public', { config: { public: true } }, async () => ({ ok: true }));
};
const testModule: ServiceModule = {
  name: 'enforcement',
  routes,
  start: async () => ({ stop: async () => {} }),
};

let app: LandcaseApp;
// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked as plain JSON
let doc: any;
beforeAll(async () => {
  app = createApp({
    config: loadConfig({ NODE_ENV: 'test' }),
    modules: [testModule],
    ctxFor: (m) => ({ service: m.name }) as ServiceContext,
    logger: pino({ level: 'silent' }),
  });
  await app.ready();
  doc = (await app.inject({ url: '/docs/json' })).json();
});
afterAll(() => app.close());

const statusesOf = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();
const sorted = (statuses: (string | number)[]) => statuses.map(String).sort();

describe('the problem responses of every operation', () => {
  it('declares them from what the route is', () => {
    expect(statusesOf('/enforcement/cases', 'get')).toEqual(sorted([200, 400, 401, 403, 'default']));
    expect(statusesOf('/enforcement/cases/{caseId}', 'get')).toEqual(
      sorted([200, 400, 401, 403, 404, 'default']),
    );
    expect(statusesOf('/enforcement/cases', 'post')).toEqual(
      sorted([200, 201, 400, 401, 403, 409, 412, 413, 415, 422, 429, 'default']),
    );
    expect(statusesOf('/enforcement/cases/{caseId}/sweeps', 'post')).toEqual(
      sorted([202, 400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 'default']),
    );
    expect(statusesOf('/enforcement/public', 'get')).toEqual(sorted([200, 'default']));
    expect(statusesOf('/health', 'get')).toEqual(sorted([200, 'default']));
    expect(statusesOf('/ready', 'get')).toEqual(sorted([200, 'default']));
  });

  it('as application/problem+json with the one Problem schema', () => {
    expect(doc.components.schemas.Problem).toMatchObject({
      type: 'object',
      required: ['type', 'title', 'status'],
      properties: { requestId: { type: 'string' }, errors: { type: 'array' } },
    });
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations as object)) {
        for (const [status, response] of Object.entries(operation.responses as object)) {
          if (/^2/.test(status)) continue;
          expect(response.description, `${method} ${path} ${status}`).toBeTruthy();
          expect(response.content, `${method} ${path} ${status}`).toEqual({
            'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
          });
        }
      }
    }
  });

  it("keeps a route's own entry for a status", () => {
    const notes = doc.paths['/enforcement/cases/{caseId}/notes'].post.responses;
    expect(notes['404'].description).toBe('no such case: said by the route itself');
    expect(notes['409'].content['application/problem+json']).toBeTruthy();
  });

  it('documents 201 and 202 where the route says so', () => {
    const create = doc.paths['/enforcement/cases'].post.responses;
    expect(create['201'].description).toBe('the new case');
    expect(create['200'].description).toBe('the case created before with that key');
    expect(doc.paths['/enforcement/cases/{caseId}/sweeps'].post.responses['202'].description).toMatch(
      /^accepted/,
    );
  });

  it('problemStatusesOf: a public route without input may still fail', () => {
    const of = (method: string, url: string, schema: Record<string, unknown> = {}, isPublic = false) =>
      problemStatusesOf({ method, url, schema, isPublic }) as ProblemStatus[];
    expect(of('GET', '/x', {}, true)).toEqual(['default']);
    expect(of('GET', '/x')).toEqual([401, 403, 'default']);
    expect(of('DELETE', '/x/:id')).toEqual([400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 'default']);
  });
});

describe('on the wire', () => {
  const nrb: Actor = { sub: 'officer-1', agency: 'nrb', division: '141181', roles: ['officer'] };

  it('answers as before: the documented successes change no body', async () => {
    const authorization = `Bearer ${await testToken(nrb)}`;
    const created = await app.inject({
      method: 'POST',
      url: '/enforcement/cases',
      headers: { authorization },
      payload: { note: 'n' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).toBe('{"note":"n","at":"1970-01-01T00:00:00.000Z"}');
    const read = await app.inject({ url: '/enforcement/cases/C-1', headers: { authorization } });
    expect(read.body).toBe('{"caseId":"C-1","when":"1970-01-01T00:00:00.000Z"}');
  });

  it('problems keep every member, whatever the route declared for their status', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/enforcement/cases',
      headers: { authorization: `Bearer ${await testToken(nrb)}` },
      payload: { note: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      errors: [{ path: '/note', reason: 'must be string' }],
      instance: '/enforcement/cases',
    });
  });
});
