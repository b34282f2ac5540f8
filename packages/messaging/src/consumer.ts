// A consumer group over the bus with the guarantees handlers rely on: each CloudEvent id handled
// once per group (redeliveries are dropped), failures retried in place with exponential backoff,
// and a message that keeps failing parked on `<topic>.dlq` so the ones after it are not held up.
// A parked message is not marked seen: a redriven copy of it is handled, not dropped as done.
import { type CloudEvent, dlqOf } from '@landcase/contracts';
import type { ReadModelStore } from '@landcase/readmodels';
import pino, { type Logger } from 'pino';
import { cloudEventProblem, traceOf } from './cloud-event.ts';
import type { Bus, Delivery } from './port.ts';
import { backoffDelay, sleep } from './sleep.ts';
import { streamMetrics } from './stream-metrics.ts';

/** The dedupe sets of the read-model store; the scope is the group id. */
export type SeenIds = ReadModelStore['seen'];

export interface ConsumerOptions {
  bus: Bus;
  groupId: string;
  topics: string[];
  handle(event: CloudEvent, delivery: Delivery): Promise<void>;
  seen: SeenIds;
  /** Tries per message before it goes to the DLQ. Default 5. */
  maxAttempts?: number;
  /** Pause after the first failure; doubles per attempt. Default 50 ms. */
  backoffMs?: number;
  logger?: Logger;
  /** Where a group without committed offsets starts. Default true: a new projection reads history. */
  fromBeginning?: boolean;
}

export interface RunningConsumer {
  /** Stops after the message in hand; a message whose retries are cut short is redelivered later. */
  stop(): Promise<void>;
}

/** Transport headers on a dead letter. */
export const DLQ_HEADERS = {
  error: 'dlq_error',
  attempts: 'dlq_attempts',
  group: 'dlq_group',
  topic: 'dlq_topic',
  partition: 'dlq_partition',
  offset: 'dlq_offset',
} as const;

class StoppedError extends Error {
  override readonly name = 'StoppedError';
}

export async function runConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const { bus, groupId, topics, seen } = options;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const backoffMs = options.backoffMs ?? 50;
  const groupLog = (options.logger ?? pino({ level: 'silent' })).child({ component: 'consumer', groupId });
  const abort = new AbortController();

  const deadLetter = async (delivery: Delivery, error: string, attempts: number): Promise<void> => {
    await bus.publish(dlqOf(delivery.topic), [
      {
        key: delivery.key,
        event: delivery.event,
        headers: {
          ...delivery.headers,
          [DLQ_HEADERS.error]: error,
          [DLQ_HEADERS.attempts]: String(attempts),
          [DLQ_HEADERS.group]: groupId,
          [DLQ_HEADERS.topic]: delivery.topic,
          [DLQ_HEADERS.partition]: String(delivery.partition),
          [DLQ_HEADERS.offset]: delivery.offset,
        },
      },
    ]);
  };

  const handle = async (delivery: Delivery): Promise<void> => {
    const { event, topic, offset } = delivery;
    const log = groupLog.child(traceOf(event ?? {}));
    const problem = cloudEventProblem(event);
    if (problem) {
      // Retrying cannot repair a malformed event.
      log.error({ topic, offset, problem }, 'malformed event sent to the DLQ');
      await deadLetter(delivery, `malformed CloudEvent: ${problem}`, 0);
      streamMetrics.consumed(groupId, topic, 'dead_lettered');
      return;
    }
    if (await seen.has(groupId, event.id)) {
      log.debug({ id: event.id, topic, offset }, 'already handled');
      streamMetrics.consumed(groupId, topic, 'duplicate');
      return;
    }
    for (let attempt = 1; ; attempt++) {
      const timed = streamMetrics.timeHandler(groupId);
      try {
        await options.handle(event, delivery);
        timed();
        break;
      } catch (error) {
        timed();
        const message = error instanceof Error ? error.message : String(error);
        if (attempt >= maxAttempts) {
          log.error(
            { err: error, id: event.id, type: event.type, topic, offset, attempts: attempt },
            'sent to the DLQ',
          );
          await deadLetter(delivery, message, attempt);
          streamMetrics.consumed(groupId, topic, 'dead_lettered');
          return;
        }
        streamMetrics.consumed(groupId, topic, 'retried');
        const delayMs = backoffDelay(attempt, backoffMs);
        log.warn(
          { err: error, id: event.id, type: event.type, attempt, delayMs },
          'handler failed; retrying',
        );
        await sleep(delayMs, abort.signal);
        // Rejecting leaves the offset uncommitted: the next member of the group gets the message.
        if (abort.signal.aborted)
          throw new StoppedError(`consumer ${groupId} stopped while retrying ${event.id}`);
      }
    }
    await seen.add(groupId, event.id);
    streamMetrics.consumed(groupId, topic, 'handled');
  };

  const subscription = await bus.subscribe({
    groupId,
    topics,
    fromBeginning: options.fromBeginning ?? true,
    handle,
  });
  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        abort.abort();
        await subscription.stop();
      })()),
  };
}
