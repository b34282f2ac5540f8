import { InProcessBus, KafkaBus } from '@landcase/messaging';
import { InMemoryReadModelStore } from '@landcase/readmodels';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { brokersOf, connectPorts, openBus } from './ports.ts';

const logger = pino({ level: 'silent' });

describe('ports', () => {
  it('reads the broker list of a kafka URL', () => {
    expect(brokersOf('kafka://127.0.0.1:19092')).toEqual(['127.0.0.1:19092']);
    expect(brokersOf('kafka://a:9092, b:9092')).toEqual(['a:9092', 'b:9092']);
  });

  it('picks the bus adapter by URL (constructing a KafkaBus does not connect)', async () => {
    const memory = openBus('memory', { clientId: 'x', logger });
    expect(memory).toBeInstanceOf(InProcessBus);
    const kafka = openBus('kafka://127.0.0.1:1', { clientId: 'x', logger });
    expect(kafka).toBeInstanceOf(KafkaBus);
    await memory.close();
    expect(() => openBus('nats://x', { clientId: 'x', logger })).toThrow(/unsupported bus URL "nats:\/\/x"/);
  });

  it('connects the embedded ports, shared, and closes them', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LANDCASE_EVENTSTORE: 'sqlite::memory:' });
    const ports = await connectPorts(config, { logger });
    expect(ports.bus).toBeInstanceOf(InProcessBus);
    expect(ports.readModels).toBeInstanceOf(InMemoryReadModelStore);
    await ports.store.append('audit.x-1', [{ id: 'e1', type: 'Noted', data: {}, metadata: {} }], 'no_stream');
    expect(await ports.store.readStream('audit.x-1')).toHaveLength(1);
    await ports.close();
    await expect(ports.store.readStream('audit.x-1')).rejects.toThrow();
  });

  it('stamps recordedAt with the given clock, so a time-skipped run records the instants it saw', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LANDCASE_EVENTSTORE: 'sqlite::memory:' });
    const at = new Date('2026-02-16T01:00:00.000Z');
    const ports = await connectPorts(config, { logger, clock: { now: () => at } });
    await ports.store.append('audit.x-2', [{ id: 'e2', type: 'Noted', data: {}, metadata: {} }], 'no_stream');
    const [stored] = await ports.store.readStream('audit.x-2');
    expect(stored?.recordedAt).toBe(at.toISOString());
    await ports.close();
  });
});
