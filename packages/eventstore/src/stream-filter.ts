import type { SubscriptionFilter } from './port.ts';

/**
 * True when the stream passes the filter. No filter (or no `streamPrefixes`) passes everything;
 * an empty prefix list passes nothing, so a caller that computed no prefixes never receives
 * every stream by accident.
 */
export function matchesStreamFilter(streamId: string, filter: SubscriptionFilter | undefined): boolean {
  const prefixes = filter?.streamPrefixes;
  if (prefixes === undefined) return true;
  return prefixes.some((p) => streamId.startsWith(p));
}

/** True when the filter can never match (an explicit empty prefix list). */
export function matchesNothing(filter: SubscriptionFilter | undefined): boolean {
  return filter?.streamPrefixes !== undefined && filter.streamPrefixes.length === 0;
}
