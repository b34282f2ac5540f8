import type { Agency, ServiceName } from './enums.ts';

/** Who did it. Written into every event (the `actor` extension, as `agency:sub`). */
export interface Actor {
  sub: string;
  agency: Agency;
  division: string;
  roles: string[];
}

export const SYSTEM_ACTOR = (service: ServiceName): Actor => ({
  sub: `system:${service}`,
  agency: 'nrb',
  division: '000000',
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
