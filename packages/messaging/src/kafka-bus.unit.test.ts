import { EventEmitter } from 'node:events';
import { Kafka } from 'kafkajs';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ConsumerHealth, type HealthWatchedConsumer, partitionLagOf } from './kafka-bus.ts';

// kafkajs' own event names, from a consumer that never connects.
const { events } = new Kafka({ clientId: 'test', brokers: ['127.0.0.1:1'] }).consumer({ groupId: 'names' });

/** A consumer whose instrumentation events the test emits, as kafkajs would. */
function fakeConsumer() {
  const emitter = new EventEmitter();
  const consumer = {
    events,
    on: (event: string, listener: (e: unknown) => void) => {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
  } as unknown as HealthWatchedConsumer;
  const crash = (restart: boolean, message = 'The coordinator is not aware of this member') =>
    emitter.emit(events.CRASH, {
      id: 1,
      type: 'consumer.crash',
      timestamp: 0,
      payload: { error: new Error(message), groupId: 'enforcement.reactions', restart },
    });
  const join = () => emitter.emit(events.GROUP_JOIN, { payload: { groupId: 'enforcement.reactions' } });
  return { consumer, crash, join, listeners: () => emitter.eventNames().length };
}

describe('ConsumerHealth', () => {
  const log = pino({ level: 'silent' });
  let now = 0;
  const watch = (consumer: HealthWatchedConsumer) =>
    new ConsumerHealth(consumer, 'enforcement.reactions', log, 60_000, () => now);

  it('is ok until the consumer crashes', () => {
    const { consumer } = fakeConsumer();
    expect(watch(consumer).health()).toEqual({ status: 'ok' });
  });

  it('is degraded while kafkajs restarts a crashed consumer, and ok again once it rejoins', () => {
    const fake = fakeConsumer();
    const health = watch(fake.consumer);
    now = 1_000;
    fake.crash(true);
    expect(health.health()).toEqual({
      status: 'degraded',
      reason: expect.stringContaining('enforcement.reactions crashed and is restarting'),
    });
    fake.join();
    expect(health.health()).toEqual({ status: 'ok' });
  });

  it('fails when a restarting consumer has not rejoined within the recovery window', () => {
    const fake = fakeConsumer();
    const health = watch(fake.consumer);
    now = 1_000;
    fake.crash(true);
    now = 40_000;
    fake.crash(true); // a second crash does not restart the window
    now = 61_000;
    expect(health.health()).toEqual({
      status: 'failing',
      reason: expect.stringMatching(/has not rejoined its group in 60 s: The coordinator/),
    });
  });

  it('fails for good when kafkajs will not restart the consumer', () => {
    const fake = fakeConsumer();
    const health = watch(fake.consumer);
    fake.crash(false, 'Offset out of range');
    const failing = {
      status: 'failing',
      reason: 'consumer enforcement.reactions crashed and was not restarted: Offset out of range',
    };
    expect(health.health()).toEqual(failing);
    fake.join();
    expect(health.health()).toEqual(failing);
  });

  it('stops listening when disposed', () => {
    const fake = fakeConsumer();
    const health = watch(fake.consumer);
    expect(fake.listeners()).toBe(2);
    health.dispose();
    expect(fake.listeners()).toBe(0);
    fake.crash(false);
    expect(health.health()).toEqual({ status: 'ok' });
  });
});

describe('partitionLagOf', () => {
  it('is the high watermark minus the committed offset', () => {
    expect(partitionLagOf('7', { high: '12', low: '0' }, true)).toEqual({ committed: 7, end: 12, lag: 5 });
    expect(partitionLagOf('12', { high: '12', low: '3' }, false)).toEqual({ committed: 12, end: 12, lag: 0 });
  });

  it('before the first commit (-1): all retained records for a group from the beginning, none for one from the end', () => {
    expect(partitionLagOf('-1', { high: '12', low: '4' }, true)).toEqual({
      committed: null,
      end: 12,
      lag: 8,
    });
    expect(partitionLagOf('-1', { high: '12', low: '4' }, false)).toEqual({
      committed: null,
      end: 12,
      lag: 0,
    });
  });

  it('never answers a negative lag (a commit past an end read a moment earlier)', () => {
    expect(partitionLagOf('15', { high: '12', low: '0' }, true)).toEqual({ committed: 15, end: 12, lag: 0 });
    expect(partitionLagOf('3', undefined, true)).toEqual({ committed: 3, end: 0, lag: 0 });
  });
});
