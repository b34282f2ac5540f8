// Canonical JSON in the spirit of RFC 8785 (JCS), enough for the data landcase events carry:
// object keys sorted recursively by UTF-16 code units, no whitespace, strings and numbers
// serialised exactly as JSON.stringify does (which is what JCS prescribes for both).
// Two producers that hold the same value therefore hash the same bytes, whatever key order
// their JSON encoder, database or message broker happened to use.
//
// JCS takes I-JSON only (RFC 7493): a string or member name holding a lone surrogate is refused,
// not written as `"\ud800"`, which another JCS implementation would refuse or write otherwise.

const LONE_SURROGATE = /\p{Surrogate}/u;

const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export function canonicalJson(value: unknown): string {
  let out: string | undefined;
  try {
    out = fast(value);
  } catch (error) {
    // Found without tracking where: the path-keeping writer finds it again and names the place.
    if (error !== LONE) throw error;
    out = write(value, '');
  }
  if (out === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return out;
}

// The writer every hash goes through: no path kept, strings built by concatenation, member names
// quoted once and remembered. It throws LONE on a lone surrogate, and `write` below (the same
// output, keeping paths) then finds it again and says where it is.

const LONE = Symbol('lone surrogate');

/** A string JSON.stringify writes as itself between quotes: no quote, backslash, control or surrogate. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what JSON escapes
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

const wellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as string & { isWellFormed(): boolean }).isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

function quoted(value: string): string {
  if (PLAIN.test(value)) return `"${value}"`;
  if (!wellFormed(value)) throw LONE;
  return JSON.stringify(value);
}

/** Member names repeat from event to event: each is quoted once (up to a bound). */
const quotedNames = new Map<string, string>();
const NAMES_KEPT = 4096;

function quotedName(key: string): string {
  let q = quotedNames.get(key);
  if (q === undefined) {
    q = quoted(key);
    if (quotedNames.size < NAMES_KEPT) quotedNames.set(key, q);
  }
  return q;
}

function fast(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quoted(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new TypeError('canonicalJson: bigint has no JSON form');
  }
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return fast(toJSON.call(value));
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += fast(value[i]) ?? 'null';
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // Default sort compares UTF-16 code units, the order RFC 8785 §3.2.3 requires.
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = fast(record[key]);
    if (v === undefined) continue;
    out += `${first ? '' : ','}${quotedName(key)}:${v}`;
    first = false;
  }
  return `${out}}`;
}

function text(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new TypeError(
      `canonicalJson: a lone surrogate at ${path || '/'} is not I-JSON (RFC 8785 §3.2.2.2)`,
    );
  }
  return JSON.stringify(value);
}

function write(value: unknown, path: string): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return text(value, path);
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new TypeError('canonicalJson: bigint has no JSON form');
  }
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return write(toJSON.call(value), path);
  if (Array.isArray(value)) return `[${value.map((v, i) => write(v, `${path}/${i}`) ?? 'null').join(',')}]`;
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  // Default sort compares UTF-16 code units, the order RFC 8785 §3.2.3 requires.
  for (const key of Object.keys(record).sort()) {
    const at = `${path}/${escapePointer(key)}`;
    const v = write(record[key], at);
    if (v !== undefined) members.push(`${text(key, at)}:${v}`);
  }
  return `{${members.join(',')}}`;
}
