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
  const out = write(value, '');
  if (out === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return out;
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
