// I-JSON (RFC 7493 §2.1): every string, member names included, is well-formed Unicode. JSON text
// may still spell a lone surrogate (`"\ud800"`), which JavaScript keeps as is; the audit ledger
// hashes events as RFC 8785 canonical JSON, which requires I-JSON, so such a string must be refused
// where it comes in, never stored.

const LONE_SURROGATE = /\p{Surrogate}/u;

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export const LONE_SURROGATE_REASON =
  'holds a lone UTF-16 surrogate: text must be well-formed Unicode (I-JSON, RFC 7493)';

/** Whether `text` holds a lone surrogate (half of a UTF-16 pair without the other half). */
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/**
 * The JSON Pointer of the first string or member name in `value` that holds a lone surrogate
 * (a member name points at its member), or undefined when every string is well formed.
 */
export function loneSurrogatePath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return hasLoneSurrogate(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = loneSurrogatePath(item, `${path}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${escapePointer(key)}`;
    if (hasLoneSurrogate(key)) return at;
    const found = loneSurrogatePath(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * `text` cut to at most `maxUnits` UTF-16 code units (as the catalogue counts lengths), ending in
 * `ellipsis` when cut, and never between the two halves of a surrogate pair.
 */
export function clipText(text: string, maxUnits: number, ellipsis = '…'): string {
  if (text.length <= maxUnits) return text;
  let end = maxUnits - ellipsis.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}${ellipsis}`;
}
