// Canonical JSON in the spirit of RFC 8785 (JCS), enough for the data landcase events carry:
// object keys sorted recursively by UTF-16 code units, no whitespace, strings and numbers
// serialised exactly as JSON.stringify does (which is what JCS prescribes for both).
// Two producers that hold the same value therefore hash the same bytes, whatever key order
// their JSON encoder, database or message broker happened to use.

export function canonicalJson(value: unknown): string {
  const out = write(value);
  if (out === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return out;
}

function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
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
  if (typeof toJSON === 'function') return write(toJSON.call(value));
  if (Array.isArray(value)) return `[${value.map((v) => write(v) ?? 'null').join(',')}]`;
  const record = value as Record<string, unknown>;
  const members: string[] = [];
  // Default sort compares UTF-16 code units, the order RFC 8785 §3.2.3 requires.
  for (const key of Object.keys(record).sort()) {
    const v = write(record[key]);
    if (v !== undefined) members.push(`${JSON.stringify(key)}:${v}`);
  }
  return `{${members.join(',')}}`;
}
