import { createHash } from 'node:crypto';

/**
 * A case id derived from a dedupe key, so two requests for the same clue aim at the same stream
 * and the store's `no_stream` check lets only one of them create it. The hash is laid out as an
 * RFC 9562 version-8 (name-based, SHA-256) UUID.
 */
export function derivedCaseId(...parts: string[]): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(['landcase.detection.clue', ...parts]))
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
