import type { CloudEvent } from '@landcase/contracts';
import type { DeadLetterQueue } from './dead-letters.ts';
import type { HealthReport } from './health.ts';

// The Bus port: Kafka in production, in-process when embedded. At-least-once in both.

export interface BusMessage {
  /** Partition key: the case id, so one case's events stay in order. */
  key: string;
  event: CloudEvent;
  /**
   * Transport headers beside the event, not part of it (e.g. `dlq_error` on a dead letter).
   * Names must not start with `ce_` — those carry the CloudEvent's attributes.
   */
  headers?: Record<string, string>;
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
  /**
   * The offset is committed only after this resolves (at-least-once). When it rejects, the bus
   * redelivers the same message (after a short pause) and nothing after it on that partition is
   * delivered before it; retry limits and dead-lettering are the caller's (see runConsumer).
   * A message the bus cannot decode into a CloudEvent is never handed here: the bus forwards it
   * untouched to `<topic>.dlq` with a `dlq_error` header.
   */
  handle(delivery: Delivery): Promise<void>;
}

export interface BusSubscription {
  stop(): Promise<void>;
}

/** How far one consumer group is behind on one partition. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset (the next message it reads); null before its first commit. */
  committed: number | null;
  /** The partition's end: the offset the next published message gets (Kafka's high watermark). */
  end: number;
  /** Messages published and not yet handled by the group: end − committed. */
  lag: number;
  /** When the oldest message the group has not handled was published (epoch ms), if the bus can tell. */
  oldestUnhandledAt?: number | null;
}

/** One consumer group's lag on every partition of its topics. */
export interface GroupLag {
  group: string;
  topics: string[];
  /** The group has a live member (Kafka: members in the group; in process: an active subscriber). */
  active: boolean;
  partitions: PartitionLag[];
}

export interface Bus {
  /** Resolves once the broker acknowledged every message. */
  publish(topic: string, messages: BusMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<BusSubscription>;
  /** Stops every subscription (finishing the message in hand) and disconnects. */
  close(): Promise<void>;
  /**
   * The dead letters on this bus's `<topic>.dlq` topics: list, show, redrive, discard. Absent on a
   * bus that wraps another (a test double).
   */
  readonly deadLetters?: DeadLetterQueue;
  /**
   * The lag of every group this bus has subscribed (stopped ones included: a group that stopped is
   * what an operator looks for), from the groups' committed offsets and the partitions' ends.
   */
  consumerLag?(): Promise<GroupLag[]>;
  /** Whether its consumers are consuming; a bus that cannot tell has none. */
  health?(): HealthReport;
}
