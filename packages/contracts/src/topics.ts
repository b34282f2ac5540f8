import type { ServiceName } from './enums.ts';

/** One topic per service, keyed by case id so that one case's events stay in order. */
export const topicOf = (service: ServiceName): string => `landcase.${service}.v1`;
export const dlqOf = (topic: string): string => `${topic}.dlq`;
/** Where what operators did with dead letters is kept (not a `.dlq`, not a service topic). */
export const DLQ_RESOLUTIONS_TOPIC = 'landcase.dlq-resolutions';

export const TOPICS = {
  detection: topicOf('detection'),
  enforcement: topicOf('enforcement'),
  referral: topicOf('referral'),
  remediation: topicOf('remediation'),
  audit: topicOf('audit'),
} as const;

/** Streams are named `<service>.<aggregate>-<id>`; a service's relay reads the streams under its prefix. */
export const streamName = (service: ServiceName, aggregate: string, id: string): string =>
  `${service}.${aggregate}-${id}`;
export const streamPrefixOf = (service: ServiceName): string => `${service}.`;
