import { SqliteEventStore } from '@landcase/eventstore';
import { describe, expect, it } from 'vitest';
import { failingChecks, Readiness } from './readiness.ts';
import { addPortChecks } from './runtime.ts';

describe('Readiness', () => {
  it('is starting until every module started, then ready while no check fails', async () => {
    const readiness = new Readiness(['enforcement']);
    readiness.addCheck('bus', () => ({ status: 'ok' }));
    expect(await readiness.report()).toEqual({
      status: 'starting',
      modules: { enforcement: 'starting' },
      checks: { bus: { status: 'ok' } },
    });
    readiness.markStarted('enforcement');
    expect((await readiness.report()).status).toBe('ready');
    readiness.markStopping();
    expect((await readiness.report()).status).toBe('stopping');
  });

  it('fails with each failing check and its reason; a degraded one does not count', async () => {
    const readiness = new Readiness(['enforcement']);
    readiness.markStarted('enforcement');
    readiness.addCheck('bus', () => ({
      status: 'degraded',
      reason: 'consumer g crashed and is restarting: x',
    }));
    readiness.addCheck('enforcement relay', async () => ({ status: 'failing', reason: 'publish failed' }));
    readiness.addCheck('event store', () => {
      throw new Error('connection refused');
    });
    const report = await readiness.report();
    expect(report.status).toBe('failing');
    expect(failingChecks(report)).toEqual([
      'enforcement relay: publish failed',
      'event store: connection refused',
    ]);
  });

  it('fails a check that does not answer in time', async () => {
    const readiness = new Readiness([], { checkTimeoutMs: 10 });
    readiness.addCheck('event store', () => new Promise(() => {}));
    const report = await readiness.report();
    expect(report.checks['event store']).toEqual({ status: 'failing', reason: 'no answer within 10 ms' });
    expect(report.status).toBe('failing');
  });
});

describe('addPortChecks', () => {
  const healthyBus = { health: () => ({ status: 'ok' as const }) };

  it('checks the bus and reads the event store', async () => {
    const readiness = new Readiness([]);
    let busHealth = { status: 'ok' as 'ok' | 'failing', reason: undefined as string | undefined };
    const bus = { ...healthyBus, health: () => busHealth } as never;
    const store = SqliteEventStore.open(':memory:');
    addPortChecks(readiness, { store, bus });
    expect(await readiness.report()).toMatchObject({
      status: 'ready',
      checks: { bus: { status: 'ok' }, 'event store': { status: 'ok' } },
    });
    busHealth = { status: 'failing', reason: 'consumer g crashed and was not restarted: y' };
    expect(failingChecks(await readiness.report())).toEqual([
      'bus: consumer g crashed and was not restarted: y',
    ]);
    await store.close();
  });

  it('fails when the event store cannot be read, and leaves out a bus that cannot tell', async () => {
    const readiness = new Readiness([]);
    const store = SqliteEventStore.open(':memory:');
    store.readAll = () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:2113'));
    addPortChecks(readiness, { store, bus: {} as never });
    const report = await readiness.report();
    expect(Object.keys(report.checks)).toEqual(['event store']);
    expect(failingChecks(report)).toEqual(['event store: cannot be read: ECONNREFUSED 127.0.0.1:2113']);
    await store.close();
  });
});
