import type { CloudEvent } from '@landcase/contracts';

// The Bus port: Kafka in production, in-process when embedded. At-least-once in both.

export interface BusMessage {
  /** Partition key: the case id, so one case's events stay in order. */
  key: string;
  event: CloudEvent;
}

export interface Delivery extends BusMessage {
  topic: string;
  partition: number;
  offset: string;
}

export interface SubscribeOptions {
  /** Consumers in one group share the work; each group sees every message. */
  groupId: string;
  topics: string[];
  /** Start from the earliest retained message when the group has no committed offset. */
  fromBeginning?: boolean;
  /** The offset is committed only after this resolves (at-least-once). */
  handle(delivery: Delivery): Promise<void>;
}

export interface BusSubscription {
  stop(): Promise<void>;
}

export interface Bus {
  /** Resolves once the broker acknowledged every message. */
  publish(topic: string, messages: BusMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<BusSubscription>;
  /** Stops every subscription (finishing the message in hand) and disconnects. */
  close(): Promise<void>;
}
