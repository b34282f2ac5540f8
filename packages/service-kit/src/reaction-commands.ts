import type { CloudEvent } from '@landcase/contracts';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { AnyStateMachine } from 'xstate';
import { type CommandOptions, executeCommand } from './command.ts';
import type { ServiceContext } from './context.ts';
import { IllegalTransition, StreamAlreadyExists } from './problems.ts';

/**
 * The data of a consumed event, checked against its catalogue schema. A mismatch throws, so the
 * consumer retries and then parks the event on the DLQ instead of acting on a malformed fact.
 * `name` labels the event in the message (default: its CloudEvent type).
 */
export function checkedData<T>(schema: TSchema, event: CloudEvent, name: string = event.type): T {
  if (!Value.Check(schema, event.data)) {
    const first = [...Value.Errors(schema, event.data)][0];
    throw new Error(`${name} ${event.id} does not match its schema: ${first?.path} ${first?.message}`);
  }
  return event.data as T;
}

export type OpenOnceOptions<M extends AnyStateMachine> = Omit<
  CommandOptions<M>,
  'expected' | 'correlationId' | 'causationId' | 'requestId' | 'ifMatch'
> & {
  /** The consumed event that causes the new stream (correlation and causation come from it). */
  cause: CloudEvent;
};

/**
 * Starts a stream in reaction to `cause`, at most once: the append expects no stream, so a
 * redelivery (or a raced instance) finds the stream there and does nothing. Resolves true when
 * this call started it, false when it was already there.
 */
export async function openStreamOnce<M extends AnyStateMachine>(
  ctx: ServiceContext,
  options: OpenOnceOptions<M>,
): Promise<boolean> {
  const { cause, ...command } = options;
  try {
    await executeCommand(ctx, {
      ...command,
      expected: 'no_stream',
      correlationId: cause.correlationid,
      causationId: cause.id,
    });
    return true;
  } catch (error) {
    // Only the stream being there is "already done"; anything else is thrown for the consumer.
    if (error instanceof StreamAlreadyExists || error instanceof IllegalTransition) return false;
    throw error;
  }
}
