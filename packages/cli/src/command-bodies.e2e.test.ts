import { dlqOf, TOPICS } from '@landcase/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpResponse } from './happy-path.ts';
import { eventually } from './happy-path.ts';
import { COMMAND_TARGETS, type CommandTarget, type Prepared } from './model/command-targets.ts';
import { type EmbeddedModelSystem, startEmbeddedSystem } from './model/embedded.ts';
import { replayPath } from './model/replay.ts';
import { aggregatePath } from './model/routes.ts';
import { arbitraryOf, type JsonSchema } from './model/schema-arbitrary.ts';

// Property: whatever body a command route's schema allows (and bodies just outside it), the
// service answers 2xx or 4xx, never 5xx: what passes HTTP validation passes the event catalogue
// and every step after it. Bodies are drawn from the route's own schema in the OpenAPI document
// (model/schema-arbitrary.ts), leaning on timestamps, bounds, text lengths and parcels; each goes
// to an aggregate that a model path brought to where the route's command is taken
// (model/command-targets.ts), so the command is decided and checked, not refused for its state.
// The model's own body goes first and must be taken, so every route is shown to be reached.

/** Bodies per route; `LANDCASE_BODY_RUNS` explores more. */
const RUNS = Number(process.env.LANDCASE_BODY_RUNS ?? 15);
const DIVISION = '141181';
/** Stands for the model's own body, which depends on the ids the prefix path made. */
const MODEL_BODY = Symbol('the model body');

let sys: EmbeddedModelSystem;
let bodySchemas: Map<string, JsonSchema | undefined>;
/** What a consumer gave up on: a reaction or projection that could not take what a command stored. */
const deadLetters: string[] = [];

beforeAll(async () => {
  sys = await startEmbeddedSystem('command-bodies');
  await sys.system.ports.bus.subscribe({
    groupId: 'test.command-bodies.dlq',
    topics: Object.values(TOPICS).map(dlqOf),
    fromBeginning: true,
    handle: async ({ event, headers }) => {
      deadLetters.push(`${event.type} ${event.subject}: ${JSON.stringify(headers)}`);
    },
  });
  const docs = await sys.http('GET', '/docs/json', {});
  expect(docs.status).toBe(200);
  bodySchemas = new Map();
  type Operation = { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } };
  for (const [route, operations] of Object.entries<{ post?: Operation }>(docs.body.paths)) {
    // The ops routes act on the running system (its dead letters), not on an aggregate: their
    // bodies are the dead-letter routes' own tests' concern.
    if (operations.post && !route.startsWith('/ops/')) {
      bodySchemas.set(route, operations.post.requestBody?.content?.['application/json']?.schema);
    }
  }
});
afterAll(async () => {
  await sys?.stop();
});

it('has a target for every command route of the API, and a route for every target', () => {
  expect([...bodySchemas.keys()].sort()).toEqual(COMMAND_TARGETS.map((t) => t.route).sort());
});

/** A sweep's features carry a clue's fields: drawn from the clue route's schema, not as unknowns. */
function bodyArbitrary(target: CommandTarget): fc.Arbitrary<unknown> {
  const hints = { division: DIVISION };
  if (target.route === '/detection/sweeps') {
    const clue = bodySchemas.get('/detection/clues')!;
    const { parcel, ...properties } = clue.properties!;
    const feature = fc.record({
      type: fc.constant('Feature'),
      geometry: arbitraryOf(parcel!, hints, 'parcel'),
      properties: arbitraryOf(
        { ...clue, properties, required: clue.required!.filter((k) => k !== 'parcel') },
        hints,
      ),
    });
    return fc.record({
      type: fc.constant('FeatureCollection'),
      features: fc.array(feature, { minLength: 1, maxLength: 3 }),
    });
  }
  const schema = bodySchemas.get(target.route);
  return schema ? arbitraryOf(schema, hints) : fc.constant({});
}

const show = (res: HttpResponse) => `${res.status} ${JSON.stringify(res.body)?.slice(0, 600)}`;

let refs = 0;

/** A fresh aggregate where the route's command is taken, with the division it stands in. */
async function prepare(target: CommandTarget): Promise<Prepared> {
  const ref = `bodies-${++refs}-${Date.now().toString(36)}`;
  if (target.setUp) return target.setUp(sys, ref);
  if (!target.prefix) return { ref };
  const subject: Prepared = await replayPath(sys, target.prefix, ref);
  const shown = await sys.http('GET', aggregatePath(target.prefix.machine, subject), {
    token: await sys.tokenFor('nrb', subject.division ?? DIVISION),
  });
  if (typeof shown.body?.divisionCode === 'string') subject.divisionCode = shown.body.divisionCode;
  return subject;
}

/** What a 2xx left behind must read back without a 500 too (and a sweep report every clue it took). */
async function readBack(target: CommandTarget, subject: Prepared, res: HttpResponse): Promise<void> {
  const location = res.headers.location;
  const path =
    typeof location === 'string'
      ? location
      : target.machine && target.prefix?.machine === target.machine
        ? aggregatePath(target.machine, subject)
        : undefined;
  if (!path) return;
  if (target.route === '/detection/sweeps' && res.status === 202) {
    const progress = await eventually(`sweep ${path} done`, async () => {
      const read = await sys.http('GET', path, {
        token: await sys.tokenFor('nrb', subject.division ?? DIVISION),
      });
      return read.body?.state === 'done' ? read.body : undefined;
    });
    expect(progress.failed, `features the sweep took but could not report: ${JSON.stringify(progress)}`).toBe(
      0,
    );
    return;
  }
  const read = await sys.http('GET', path, {
    token: await sys.tokenFor('nrb', subject.division ?? DIVISION),
  });
  expect(read.status, `GET ${path} after the command: ${show(read)}`).toBeLessThan(500);
}

describe.each(COMMAND_TARGETS)('POST $route', (target) => {
  it('answers every body its schema allows, and bodies just outside it, without a 500', async () => {
    let subject: Prepared | undefined;
    let taken = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(bodyArbitrary(target), async (drawn) => {
        subject ??= await prepare(target);
        const request = target.request(subject);
        const body =
          drawn === MODEL_BODY
            ? request.body
            : (target.adjust?.(drawn as Record<string, unknown>, subject) ?? drawn);
        const res = await sys.http('POST', request.path, {
          token: await sys.tokenFor(request.agency, request.division ?? subject?.division ?? '141181'),
          body,
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const what = `POST ${request.path} as ${request.agency} with ${JSON.stringify(body)?.slice(0, 1500)}`;
        expect(res.status, `${what}\nanswered ${show(res)}`).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
          return;
        }
        taken += 1;
        const used = subject;
        // The command moved the aggregate on: the next body gets a fresh one.
        subject = undefined;
        await readBack(target, used, res);
      }),
      { numRuns: RUNS, examples: [[MODEL_BODY]] },
    );
    // The model's body goes first: the route was reached and its command taken at least once.
    expect(taken, `answers: ${JSON.stringify(Object.fromEntries(statuses))}`).toBeGreaterThan(0);
  });
});

// Last: what the commands stored, the rest of the system took too. No reaction or projection
// gave up on an event (a dead letter), and the audit ledger holds every stored event (one it could
// not hash as I-JSON would be missing).
it('leaves no dead letter and no stored event out of the audit ledger', async () => {
  await eventually('the ledger to hold every stored event', async () => {
    const stored = (await sys.system.ports.store.readAll()).length;
    const head = await sys.http('GET', '/audit/tree-head', { token: sys.tokens.nrb });
    return head.body?.treeSize === stored ? true : undefined;
  });
  expect(deadLetters).toEqual([]);
});
