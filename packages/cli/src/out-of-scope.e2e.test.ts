import { ACCESS_POLICY, AGENCY_LIST, ROLES } from '@landcase/lifecycle';
import { mintToken, type PolicedRoute } from '@landcase/service-kit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResponse } from './happy-path.ts';
import {
  type AccessWorld,
  COUNTY,
  fillRoute,
  type RunningWorld,
  startAccessWorld,
} from './model/access-world.ts';
import { arbitraryOf, type JsonSchema } from './model/schema-arbitrary.ts';

// Property: whatever an out-of-scope caller sends (any agency, any roles, any route, any body the
// route's schema allows, aimed at the county's resources), no stream changes, and nothing it is
// told reveals that the county's resources exist: each answer is the answer it gets for ids that
// were never used, and no list holds any of them. Out of scope: the neighbouring county, a
// township of it, a county of another city, another province's county and another province.

const RUNS = 60;
const FOREIGN = ['141182', '141182001', '141021', '330102', '150000'] as const;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

let running: RunningWorld;
let world: AccessWorld;
let routes: PolicedRoute[];
let bodySchemas: Map<string, JsonSchema | undefined>;
/** The world's ids, and the ids of the same shape that were never used. */
let ghosts: Map<string, string>;

beforeAll(async () => {
  running = await startAccessWorld('out-of-scope');
  world = running.world;
  // The ops routes read the system, not a division's cases; the rules route reads the law in force
  // in a division, published for everyone.
  routes = running.system.app.accessRoutes.filter(
    (r) => !r.url.startsWith('/ops/') && !r.url.startsWith('/rules/'),
  );
  const docs = await running.http('GET', '/docs/json', {});
  expect(docs.status).toBe(200);
  type Operation = { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };
  bodySchemas = new Map();
  for (const [route, operations] of Object.entries<{ post?: Operation }>(docs.body.paths)) {
    bodySchemas.set(route, operations.post?.requestBody?.content?.['application/json']?.schema);
  }
  ghosts = new Map();
  for (const id of Object.values(world)) {
    for (const uuid of id.match(UUID) ?? []) {
      if (!ghosts.has(uuid))
        ghosts.set(uuid, `0000${ghosts.size}`.slice(-4) + uuid.slice(4).replace(/[0-9a-f]$/, 'e'));
    }
  }
}, 180_000);

afterAll(async () => {
  await running?.stop();
});

/** Every id of the world replaced by its ghost. */
const haunted = (text: string): string => text.replace(UUID, (uuid) => ghosts.get(uuid) ?? uuid);

/** An answer with its ids, request id and instance put aside, so two answers compare as to what they tell. */
function told(res: HttpResponse): unknown {
  const body = res.body && typeof res.body === 'object' ? { ...res.body } : res.body;
  if (body && typeof body === 'object') {
    delete (body as Record<string, unknown>).requestId;
    delete (body as Record<string, unknown>).instance;
  }
  return {
    status: res.status,
    body: JSON.parse(haunted(JSON.stringify(body ?? null)).replace(UUID, '<id>')),
  };
}

/** Aims a drawn body at the county: its divisions are the county, the cases it names the world's. */
function aimed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(aimed);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (k === 'divisionCode' || k === 'toDivisionCode') return [k, COUNTY];
      if (k === 'caseId') return [k, world.caseId];
      if (k === 'clueIds') return [k, [world.caseId]];
      return [k, aimed(v)];
    }),
  );
}

const SWEEP = (externalRef: string) => ({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [111.9, 37.4],
            [111.901, 37.4],
            [111.901, 37.401],
            [111.9, 37.401],
            [111.9, 37.4],
          ],
        ],
      },
      properties: {
        source: 'satellite',
        externalRef,
        divisionCode: COUNTY,
        landClass: 'farmland',
        observedAt: '2026-03-02T09:00:00+08:00',
      },
    },
  ],
});

function bodyOf(route: PolicedRoute): fc.Arbitrary<unknown> {
  if (route.method !== 'POST') return fc.constant(undefined);
  if (route.url === '/detection/sweeps') return fc.string({ minLength: 1, maxLength: 20 }).map(SWEEP);
  const schema = bodySchemas.get(route.url.replace(/:(\w+)/g, '{$1}'));
  return schema ? arbitraryOf(schema, { division: COUNTY }).map(aimed) : fc.constant({});
}

const requestArb = () =>
  fc
    .record({
      route: fc.constantFrom(...routes),
      agency: fc.constantFrom(...AGENCY_LIST),
      division: fc.constantFrom(...FOREIGN),
      roles: fc.subarray([...ROLES], { minLength: 1 }),
    })
    .chain((r) => bodyOf(r.route).map((body) => ({ ...r, body })));

async function storeHead(): Promise<number> {
  let last = 0;
  for (;;) {
    const page = await running.system.ports.store.readAll({ fromPosition: last, maxCount: 1000 });
    if (page.length === 0) return last;
    last = page.at(-1)!.position;
  }
}

describe('callers out of scope', () => {
  it(`change no stream and learn of no resource of the county (${RUNS} sequences)`, async () => {
    const worldIds = Object.values(world);
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb(), { minLength: 1, maxLength: 8 }), async (requests) => {
        const head = await storeHead();
        for (const { route, agency, division, roles, body } of requests) {
          const token = await mintToken(running.system.config.jwtSecret, {
            sub: `${agency}-foreign`,
            agency,
            division,
            roles,
          } as never);
          const url = fillRoute(route.url, world);
          const send = (path: string, payload: unknown) =>
            running.http(route.method as 'GET' | 'POST', path, {
              token,
              ...(payload === undefined ? {} : { body: payload }),
            });
          const real = await send(url, body);
          const label = `${agency} of ${division} [${roles.join(',')}] ${route.method} ${url}`;
          expect(real.status, `${label}: ${JSON.stringify(real.body)}`).toBeLessThan(500);
          const rule = ACCESS_POLICY[route.access];
          // A list, and the ledger's signed head (which names no case and grows by the minute), are
          // compared with nothing: they must only not name the county's resources.
          if (rule.kind === 'list' || rule.target === 'ledger') {
            const shown = JSON.stringify(real.body);
            for (const id of worldIds) expect(shown, `${label} shows ${id}`).not.toContain(id);
            continue;
          }
          const ghost = await send(
            haunted(url),
            body === undefined ? undefined : JSON.parse(haunted(JSON.stringify(body))),
          );
          expect(told(real), `${label} answers otherwise than for ids never used`).toEqual(told(ghost));
        }
        expect(await storeHead(), 'events appended by out-of-scope callers').toBe(head);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
