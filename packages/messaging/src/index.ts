export { caseIdOf, cloudEventProblem, REQUIRED_ATTRIBUTES, toCloudEvent, traceOf } from './cloud-event.ts';
export {
  type ConsumerOptions,
  DLQ_HEADERS,
  type RunningConsumer,
  runConsumer,
  type SeenIds,
} from './consumer.ts';
export {
  estimatedWaitMs,
  GROUP_STATUS_CODE,
  type GroupStatus,
  groupStatus,
  type LagSample,
  type PartitionStatus,
  type PartitionVerdict,
  partitionStatus,
} from './consumer-status.ts';
export {
  type Acted,
  type ActionContext,
  type ActionReport,
  type DeadLetter,
  type DeadLetterFilter,
  DeadLetterQueue,
  type DeadLetterRecord,
  type DeadLetterSource,
  type DeadLetterStatus,
  DLQ_REDRIVES_HEADER,
  DLQ_RESOLUTIONS_TOPIC,
  deadLetterId,
  isDlqTopic,
  MAX_REDRIVES,
  type Resolution,
  type ResolutionAction,
  type Selection,
} from './dead-letters.ts';
export { HEALTHY, type HealthReport, type HealthStatus, worstOf } from './health.ts';
export { InProcessBus, type InProcessBusOptions } from './in-process-bus.ts';
export {
  fromKafkaMessage,
  type KafkaRecordLike,
  MalformedMessageError,
  toBusMessage,
  toKafkaMessage,
  toStructuredKafkaMessage,
  transportHeadersOf,
} from './kafka-binding.ts';
export { ConsumerHealth, type HealthWatchedConsumer, KafkaBus, type KafkaBusOptions } from './kafka-bus.ts';
export {
  type GroupLagReport,
  LagMonitor,
  type LagMonitorOptions,
  type PartitionLagReport,
} from './lag-monitor.ts';
export * from './port.ts';
export { type Relay, type RelayOptions, relayCheckpointName, startRelay } from './relay.ts';
export {
  type ConsumerFigures,
  type ConsumerOutcome,
  type RelayFigures,
  type StreamFigures,
  StreamMetrics,
  streamMetrics,
} from './stream-metrics.ts';
