import { setTimeout as sleep } from 'node:timers/promises';
import { type Actor, type CloudEvent, topicOf } from '@landcase/contracts';
import { SqliteEventStore } from '@landcase/eventstore';
import { type Delivery, InProcessBus } from '@landcase/messaging';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import { Type } from '@sinclair/typebox';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { testToken } from './auth.ts';
import { executeCommand } from './command.ts';
import { project, react } from './consumers.ts';
import { createContext, type Running, type ServiceContext, type ServiceModule } from './context.ts';
import { ConcurrencyConflict, IllegalTransition, StreamAlreadyExists } from './problems.ts';
import { Readiness } from './readiness.ts';
import { runService, startServices } from './runtime.ts';

const noteMachine = setup({
  types: { events: {} as { type: 'Noted'; data: { caseId: string; text: string } } },
}).createMachine({ id: 'note', initial: 'none', states: { none: { on: { Noted: 'noted' } }, noted: {} } });

const actor: Actor = { sub: 'li', agency: 'audit', division: '141181', roles: ['auditor'] };
const silent = pino({ level: 'silent' });
const TOPIC = topicOf('audit');

/** Polls until `check` returns something; the test's own timeout bounds a hang. */
async function until<T>(check: () => Promise<T | undefined | null | false>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value) return value;
    await sleep(5);
  }
}

const note = (ctx: ServiceContext, id: string) =>
  executeCommand(ctx, {
    streamId: `audit.note-${id}`,
    caseId: id,
    machine: noteMachine,
    actor,
    decide: () => [{ type: 'Noted', data: { caseId: id, text: `note ${id}` } }],
  });

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

function embeddedPorts() {
  const ports = {
    store: SqliteEventStore.open(':memory:'),
    bus: new InProcessBus(),
    readModels: new InMemoryReadModelStore(),
  };
  cleanup.push(
    () => ports.store.close(),
    () => ports.readModels.close(),
    () => ports.bus.close(),
  );
  return ports;
}

describe('startServices', () => {
  it('relays the module streams to its topic, then starts the module; stops in reverse order', async () => {
    const ports = embeddedPorts();
    const ctx = createContext('audit', ports, { log: silent });
    const order: string[] = [];
    const module: ServiceModule = {
      name: 'audit',
      routes: async () => {},
      async start(c) {
        order.push('start');
        const projection = await project(c, {
          name: 'notes',
          topics: [TOPIC],
          apply: async (event, readModels) => {
            const data = event.data as { caseId: string; text: string };
            await readModels
              .collection('audit_notes')
              .upsert({ id: data.caseId, text: data.text }, Number(event.sequence));
          },
        });
        return {
          stop: async () => {
            order.push('module stopped');
            await projection.stop();
          },
        };
      },
    };
    const readiness = new Readiness(['audit']);
    const running = await startServices([ctx], [module], { readiness });
    expect(readiness.ready).toBe(true);

    await note(ctx, 'C1');
    await note(ctx, 'C2');
    const notes = ports.readModels.collection('audit_notes');
    await until(async () => (await notes.count()) === 2);
    expect(await notes.get('C2')).toMatchObject({ text: 'note C2' });
    await until(async () => (await ports.readModels.checkpoints.get('relay:audit')) === 2);

    await running.stop();
    expect(order).toEqual(['start', 'module stopped']);
    // The relay stopped after the module: an event appended now is not published.
    await note(ctx, 'C3');
    await sleep(20);
    expect(await ports.readModels.checkpoints.get('relay:audit')).toBe(2);
  });

  it('stops what had started when a module fails to start', async () => {
    const ports = embeddedPorts();
    const ctxs = [
      createContext('audit', ports, { log: silent }),
      createContext('referral', ports, { log: silent }),
    ];
    const stopped: string[] = [];
    const ok: ServiceModule = {
      name: 'audit',
      routes: async () => {},
      start: async () => ({ stop: async () => void stopped.push('audit') }),
    };
    const broken: ServiceModule = {
      name: 'referral',
      routes: async () => {},
      start: async () => {
        throw new Error('cannot reach the rule store');
      },
    };
    const readiness = new Readiness(['audit', 'referral']);
    await expect(startServices(ctxs, [ok, broken], { readiness })).rejects.toThrow(
      'cannot reach the rule store',
    );
    expect(stopped).toEqual(['audit']);
    expect(readiness.ready).toBe(false);
  });
});

describe('react', () => {
  async function deliverOne(handle: (event: CloudEvent, delivery: Delivery) => Promise<void>) {
    const ports = embeddedPorts();
    const ctx = createContext('referral', ports, { log: silent });
    let calls = 0;
    const dead: Delivery[] = [];
    const dlq = await ports.bus.subscribe({
      groupId: 'test.dlq',
      topics: [`${TOPIC}.dlq`],
      fromBeginning: true,
      handle: async (d) => void dead.push(d),
    });
    const reaction: Running = await react(ctx, {
      name: 'on-notes',
      topics: [TOPIC],
      maxAttempts: 2,
      backoffMs: 1,
      handle: async (event, delivery) => {
        calls += 1;
        await handle(event, delivery);
      },
    });
    cleanup.push(
      () => reaction.stop(),
      () => dlq.stop(),
    );
    const relay = await startServices(
      [createContext('audit', ports, { log: silent })],
      [{ name: 'audit', routes: async () => {}, start: async () => ({ stop: async () => {} }) }],
    );
    cleanup.push(() => relay.stop());
    const { events } = await note(createContext('audit', ports, { log: silent }), 'C9');
    return { ports, dead, calls: () => calls, eventId: events[0]!.id };
  }

  it('treats IllegalTransition and a create finding its stream as already done', async () => {
    for (const error of [
      new IllegalTransition({ currentState: 'drafted', allowedEvents: [], attempted: 'ReferralDrafted' }),
      new StreamAlreadyExists('referral.referral-R1'),
    ]) {
      const { ports, dead, calls, eventId } = await deliverOne(async () => {
        throw error;
      });
      await until(() => ports.readModels.seen.has('referral.on-notes', eventId));
      expect(calls()).toBe(1);
      expect(dead).toEqual([]);
    }
  });

  it('retries any other lost race like a failure, then parks the event on the DLQ with the reason', async () => {
    const { dead, calls } = await deliverOne(async () => {
      throw new ConcurrencyConflict('referral.referral-R1 was changed while the command ran');
    });
    await until(async () => dead.length === 1);
    expect(calls()).toBe(2);
    expect(dead[0]!.headers?.dlq_error).toBe('referral.referral-R1 was changed while the command ran');
  });

  it('retries other errors, then parks the event on the DLQ', async () => {
    const { dead, calls, eventId } = await deliverOne(async () => {
      throw new Error('rule store down');
    });
    await until(async () => dead.length === 1);
    expect(calls()).toBe(2);
    expect(dead[0]!.event.id).toBe(eventId);
    expect(dead[0]!.headers?.dlq_error).toBe('rule store down');
  });
});

describe('runService', () => {
  it('listens with every selected module mounted, ready, and stops gracefully', async () => {
    const started: string[] = [];
    const moduleNamed = (name: 'audit' | 'referral'): ServiceModule => ({
      name,
      routes: async (app, { ctx }) => {
        app.post(
          '/notes',
          {
            // The test is about mounting and stopping, not access: the ledger's tree head is an
            // entry the auditor calling here fits (every agency, any role, no target to check).
            config: { access: 'audit.ledger.tree-head' },
            schema: { body: Type.Object({ text: Type.String() }) },
          },
          async (request, reply) => {
            const { revision } = await note(ctx, 'C1');
            return reply.status(201).send({ service: ctx.service, revision, by: request.actor.sub });
          },
        );
      },
      start: async (ctx) => {
        started.push(ctx.service);
        return { stop: async () => {} };
      },
    });
    const service = await runService(
      [moduleNamed('audit'), moduleNamed('referral')],
      {
        NODE_ENV: 'test',
        LANDCASE_PORT: '0',
        LANDCASE_HOST: '127.0.0.1',
        LANDCASE_EVENTSTORE: 'sqlite::memory:',
        LANDCASE_SERVICES: 'audit',
      },
      { logger: silent, handleSignals: false },
    );
    cleanup.push(() => service.stop());
    expect(started).toEqual(['audit']);

    expect(await (await fetch(`${service.address}/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${service.address}/ready`)).status).toBe(200);
    const created = await fetch(`${service.address}/audit/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await testToken(actor)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ service: 'audit', revision: 0, by: 'li' });
    expect((await fetch(`${service.address}/referral/notes`, { method: 'POST' })).status).toBe(401);

    await service.stop();
    await expect(fetch(`${service.address}/health`)).rejects.toThrow();
  });

  it('gives each service the due-soon threshold LANDCASE_DUE_SOON_WORKING_DAYS sets (default 2)', async () => {
    const seen: (number | undefined)[] = [];
    const module: ServiceModule = {
      name: 'audit',
      routes: async () => {},
      start: async (ctx) => {
        seen.push(ctx.dueSoonWorkingDays);
        return { stop: async () => {} };
      },
    };
    const env = {
      NODE_ENV: 'test',
      LANDCASE_PORT: '0',
      LANDCASE_HOST: '127.0.0.1',
      LANDCASE_EVENTSTORE: 'sqlite::memory:',
    };
    for (const extra of [{ LANDCASE_DUE_SOON_WORKING_DAYS: '5' }, {}]) {
      const service = await runService(
        module,
        { ...env, ...extra },
        { logger: silent, handleSignals: false },
      );
      await service.stop();
    }
    expect(seen).toEqual([5, 2]);
  });

  it('refuses a LANDCASE_SERVICES that selects none of the modules', async () => {
    const module: ServiceModule = {
      name: 'audit',
      routes: async () => {},
      start: async () => ({ stop: async () => {} }),
    };
    await expect(
      runService(
        module,
        { NODE_ENV: 'test', LANDCASE_SERVICES: 'referral' },
        { logger: silent, handleSignals: false },
      ),
    ).rejects.toThrow(/selects none of the modules here: audit/);
  });
});
