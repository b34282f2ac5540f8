import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { type Actor, LONE_SURROGATE_REASON, NonEmpty, Timestamp } from '@landcase/contracts';
import { Value } from '@sinclair/typebox/value';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type LandcaseApp } from './app.ts';
import { testToken } from './auth.ts';
import { loadConfig } from './config.ts';
import type { ServiceContext, ServiceModule } from './context.ts';

// What a request may carry is what the event catalogue may hold: text is well-formed Unicode, and
// lengths are counted as the catalogue (TypeBox) counts them, in UTF-16 code units.

const Body = Type.Object({ note: NonEmpty(), at: Type.Optional(Timestamp) }, { additionalProperties: false });
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/notes',
    { config: { access: 'detection.clue.report' }, schema: { body: Body } },
    async (request) => ({ accepted: request.body.note.length }),
  );
};
const testModule: ServiceModule = {
  name: 'detection',
  routes,
  start: async () => ({ stop: async () => {} }),
};
const nrb: Actor = { sub: 'officer-1', agency: 'nrb', division: '141181', roles: ['officer'] };

let app: LandcaseApp;
let token: string;
beforeAll(async () => {
  app = createApp({
    config: loadConfig({ NODE_ENV: 'test' }),
    modules: [testModule],
    ctxFor: (m) => ({ service: m.name }) as ServiceContext,
    logger: pino({ level: 'silent' }),
  });
  await app.ready();
  token = await testToken(nrb);
});
afterAll(() => app.close());

const post = (payload: string) =>
  app.inject({
    method: 'POST',
    url: '/detection/notes',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload,
  });

describe('request text', () => {
  it('refuses a lone surrogate anywhere in the body with 400 naming the field', async () => {
    for (const [payload, path] of [
      ['{"note":"\\ud800"}', '/note'],
      ['{"note":"ok","x":["fine","\\udfff tail"]}', '/x/1'],
      ['{"note":"ok","k\\ud83c":1}', '/k\ud83c'],
    ] as const) {
      const res = await post(payload);
      expect(res.statusCode, payload).toBe(400);
      expect(res.json()).toMatchObject({
        type: 'https://landcase.org/problems/validation',
        errors: [{ path, reason: LONE_SURROGATE_REASON }],
      });
    }
  });

  it('takes astral characters as well-formed surrogate pairs', async () => {
    const res = await post(JSON.stringify({ note: '耕地 🌾' }));
    expect(res.statusCode).toBe(200);
  });

  it('counts a length limit in UTF-16 code units, so the catalogue takes every note the route takes', async () => {
    const limit = 2000;
    const atLimit = '🌾'.repeat(limit / 2);
    const overLimit = '🌾'.repeat(limit / 2 + 1);
    expect((await post(JSON.stringify({ note: atLimit }))).statusCode).toBe(200);
    expect(Value.Check(NonEmpty(), atLimit)).toBe(true);
    // 1001 code points are 2002 code units: ajv's default would take them, the catalogue would not.
    const res = await post(JSON.stringify({ note: overLimit }));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: '/note', reason: 'must NOT have more than 2000 characters' }]);
    expect(Value.Check(NonEmpty(), overLimit)).toBe(false);
  });
});
