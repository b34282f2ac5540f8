import type { Agency, ServiceName } from './enums.ts';

/** Who did it. Written into every event (the `actor` extension, as `agency:sub`). */
export interface Actor {
  sub: string;
  agency: Agency;
  division: string;
  roles: string[];
}

/** The `division` of what belongs to no division: the system's own events (schedulers, relays). */
export const NO_DIVISION = '000000';

export const SYSTEM_ACTOR = (service: ServiceName): Actor => ({
  sub: `system:${service}`,
  agency: 'nrb',
  division: NO_DIVISION,
  roles: ['system'],
});

export const formatActor = (a: Pick<Actor, 'agency' | 'sub'>): string => `${a.agency}:${a.sub}`;
export function parseActor(s: string): { agency: string; sub: string } {
  const i = s.indexOf(':');
  return i < 0 ? { agency: '', sub: s } : { agency: s.slice(0, i), sub: s.slice(i + 1) };
}

/**
 * CloudEvents 1.0 envelope with landcase's extensions. Extension values are strings,
 * as the spec requires, so the binary Kafka binding can carry them as `ce_` headers.
 */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
  actor: string;
  division: string;
  correlationid: string;
  causationid: string;
  /** Position of the event in the producing service's store: lets consumers order and resume. */
  sequence?: string;
}

/**
 * The width the `sequence` extension is zero-padded to, so that it sorts as text in the order of
 * the producer's store positions (20 digits hold any unsigned 64-bit position).
 */
export const SEQUENCE_WIDTH = 20;

/** The `sequence` extension of the event at store position `position`: its digits, zero-padded. */
export function sequenceOf(position: number | bigint): string {
  const digits = String(position);
  if (!/^[0-9]+$/.test(digits)) throw new RangeError(`store position ${digits} is not a whole number`);
  return digits.padStart(SEQUENCE_WIDTH, '0');
}

/**
 * The store position a `sequence` extension carries, padded or not (events published before it was
 * padded carry the bare number); null when it is absent or not digits.
 */
export function parseSequence(sequence: unknown): number | null {
  if (typeof sequence !== 'string' || !/^[0-9]{1,30}$/.test(sequence)) return null;
  const position = Number(sequence);
  return Number.isSafeInteger(position) ? position : null;
}

export const sourceOf = (service: ServiceName): string => `/landcase/${service}`;
export const typeOf = (service: ServiceName, eventName: string, version = 1): string =>
  `landcase.${service}.${eventName}.v${version}`;

export function parseType(type: string): { service: string; name: string; version: number } | null {
  const m = /^landcase\.([a-z]+)\.([A-Za-z]+)\.v(\d+)$/.exec(type);
  return m ? { service: m[1]!, name: m[2]!, version: Number(m[3]) } : null;
}

/** The metadata stored beside each event's data in the event store. */
export interface EventMetadata {
  caseId: string;
  actor: string;
  division: string;
  correlationId: string;
  causationId: string;
  /** Version of the rule set that decided this event, where a rule did. */
  ruleSetVersion?: string;
  [key: string]: unknown;
}
