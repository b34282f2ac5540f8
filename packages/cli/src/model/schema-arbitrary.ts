import fc from 'fast-check';

// Bodies drawn from a route's JSON Schema as the OpenAPI document serves it: mostly valid for the
// schema, leaning on the edges where a request validator and the event catalogue can disagree
// (timestamps with leap seconds, offsets and far years; numbers at and just past their bounds;
// text at its length limit in UTF-16 code units, astral characters, a lone surrogate; parcels
// tiny, huge, crossing or degenerate), and now and then just outside the schema, which must be a
// 400. Whatever is drawn, the service must answer it without a 500.

/** The JSON Schema the route bodies use (TypeBox, as @fastify/swagger writes it). */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

/** Field names whose values the system cross-checks with the actor: drawn mostly from its own. */
export interface Hints {
  /** The division the acting tokens are of. */
  division: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const offset = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('Z', '+08:00', 'z', '-00:00') },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30, 45, 59))
      .map(([sign, h, m]) => `${sign}${pad(h)}:${pad(m)}`),
  },
);
const fraction = fc.oneof(
  fc.constant(''),
  fc
    .integer({ min: 1, max: 12 })
    .chain((n) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`)).map((d) => `.${d}`)),
);
const year = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 2025, max: 2027 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1900, max: 2100 }) },
  { weight: 1, arbitrary: fc.constantFrom(1, 1970, 2038, 9999) },
);

/** RFC 3339 timestamps, leaning on what a Date cannot hold and forms validators disagree on. */
export const timestamp: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        year,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fraction,
        offset,
        fc.constantFrom('T', 't'),
      )
      .map(
        ([y, mo, d, h, mi, s, f, o, t]) =>
          `${pad(y, 4)}-${pad(mo)}-${pad(d)}${t}${pad(h)}:${pad(mi)}:${pad(s)}${f}${o}`,
      ),
  },
  // Leap seconds, in UTC and at the same instant in China time.
  {
    weight: 2,
    arbitrary: year.chain((y) =>
      fc.constantFrom(
        `${pad(y, 4)}-12-31T23:59:60Z`,
        `${pad(y, 4)}-06-30T23:59:60Z`,
        `${pad(y + 1, 4)}-01-01T07:59:60+08:00`,
      ),
    ),
  },
  // The ends of the calendar, where an offset carries the instant past year 9999 or before year 1.
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '9999-12-31T23:59:59-23:59',
      '0000-01-01T00:00:00+23:59',
      '0001-01-01T00:00:00Z',
    ),
  },
  // Forms ajv-formats takes and RFC 3339 does not: a space, an offset of hours only, no colon.
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2026-03-02 09:00:00+08:00',
      '2026-03-02T09:00:00+08',
      '2026-03-02T09:00:00+0800',
      '2026-02-29T09:00:00+08:00',
    ),
  },
);

// Text: ASCII, Chinese, combining marks, zero-width and control characters, and astral characters
// (two UTF-16 code units each) to meet a length limit counted in code units exactly.
const CHARS = [
  'a',
  'Z',
  '0',
  ' ',
  '-',
  '/',
  '"',
  '\\',
  '\n',
  '\u0000',
  '\u200b',
  'e\u0301',
  '耕',
  '地',
  '违',
  'ع',
];
const ASTRAL = ['🌾', '𠀀', '𝔸'];
const char = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CHARS) },
  { weight: 1, arbitrary: fc.constantFrom(...ASTRAL) },
);

/** Text of exactly `units` UTF-16 code units (astral characters count two). */
const textOfUnits = (units: number) =>
  fc.array(char, { minLength: units, maxLength: units }).map((chars) => {
    let s = '';
    for (const c of chars) if (s.length + c.length <= units) s += c;
    while (s.length < units) s += 'a';
    return s;
  });

export function text(minLength = 0, maxLength?: number): fc.Arbitrary<string> {
  const shortMax = Math.max(minLength, Math.min(maxLength ?? 64, 24));
  const arbitraries: fc.WeightedArbitrary<string>[] = [
    { weight: 6, arbitrary: fc.integer({ min: minLength, max: shortMax }).chain(textOfUnits) },
    // Half of the characters of a surrogate pair: never valid I-JSON.
    { weight: 1, arbitrary: textOfUnits(Math.max(minLength, 1)).map((s) => `${s}\ud800`) },
  ];
  if (maxLength !== undefined) {
    arbitraries.push({ weight: 1, arbitrary: textOfUnits(maxLength) });
    // Within the limit counted in code points, one past it in code units.
    arbitraries.push({
      weight: 1,
      arbitrary: fc.constant(`${'🌾'.repeat(Math.floor(maxLength / 2))}${maxLength % 2 === 0 ? '🌾' : 'ab'}`),
    });
  } else {
    arbitraries.push({ weight: 1, arbitrary: textOfUnits(Math.max(minLength, 5000)) });
  }
  return fc.oneof(...arbitraries);
}

const DIVISIONS = ['140000', '141100', '141181', '141182', '150000', '000000'];

/** Numbers at and inside their bounds, the smallest step past an exclusive bound, and now and then past a bound. */
export function number(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const { exclusiveMinimum: exMin, exclusiveMaximum: exMax } = schema;
  let low = schema.minimum ?? (integer ? Number.MIN_SAFE_INTEGER : -1e12);
  if (exMin !== undefined) low = Math.max(low, integer ? Math.floor(exMin) + 1 : nextUp(exMin));
  let high = schema.maximum ?? (integer ? Number.MAX_SAFE_INTEGER : Number.MAX_VALUE);
  if (exMax !== undefined) high = Math.min(high, integer ? Math.ceil(exMax) - 1 : nextDown(exMax));
  // Anywhere in range, and (for doubles) mostly at the magnitudes people type.
  const [near, far] = [Math.max(low, -1e6), Math.min(high, 1e6)];
  const inside = integer
    ? fc.integer({ min: low, max: high })
    : fc.oneof(
        fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true }),
        ...(near <= far ? [fc.double({ min: near, max: far, noNaN: true })] : []),
      );
  const edges = [
    low,
    high,
    ...(low <= 0 && 0 <= high ? [0] : []),
    ...(integer ? [] : [nextUp(low), nextDown(high)]),
  ];
  return fc.oneof(
    { weight: 5, arbitrary: inside },
    { weight: 3, arbitrary: fc.constantFrom(...edges.filter((x) => x >= low && x <= high)) },
    // Just past a bound: the validator's 400.
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        ...[integer ? high + 1 : nextUp(high), integer ? low - 1 : nextDown(low)].filter(Number.isFinite),
      ),
    },
  );
}

function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + (x > 0 ? 1n : -1n));
  return view.getFloat64(0);
}
const nextDown = (x: number): number => -nextUp(-x);

type Position = [number, number];

/** A square ring of `sideM` metres from (lon, lat), counter-clockwise. */
function squareRing(lon: number, lat: number, sideM: number): Position[] {
  const dLat = sideM / 111_320;
  const dLon = sideM / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return [
    [lon, lat],
    [lon + dLon, lat],
    [lon + dLon, lat + dLat],
    [lon, lat + dLat],
    [lon, lat],
  ];
}

const side = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 5, max: 2000, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: 0.01, max: 5, noNaN: true }) },
  // Past a million mu (about 667 km²) from some 26 km a side up.
  { weight: 2, arbitrary: fc.double({ min: 20_000, max: 3_000_000, noNaN: true }) },
);
const origin = fc.tuple(
  fc.oneof(
    { weight: 4, arbitrary: fc.double({ min: 73, max: 135, noNaN: true }) },
    fc.double({ min: -180, max: 180, noNaN: true }),
  ),
  fc.oneof(
    { weight: 4, arbitrary: fc.double({ min: 18, max: 53, noNaN: true }) },
    fc.double({ min: -90, max: 90, noNaN: true }),
  ),
);

/** Rings valid and not: squares of any size (one with a hole), bow-ties, repeats, lines, open or random rings. */
const ring: fc.Arbitrary<Position[][]> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(origin, side).map(([[lon, lat], s]) => [squareRing(lon, lat, s)]) },
  {
    weight: 1,
    arbitrary: fc.tuple(origin, side).map(([[lon, lat], s]) => {
      const shell = squareRing(lon, lat, s);
      const inner = squareRing(lon + (shell[1]![0] - lon) / 4, lat + (shell[2]![1] - lat) / 4, s / 2);
      return [shell, inner.reverse()];
    }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(origin, side).map(([[lon, lat], s]) => {
      const [a, b, c, d] = squareRing(lon, lat, s);
      return [[a!, c!, b!, d!, a!]];
    }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(origin, side, fc.integer({ min: 0, max: 2 })).map(([[lon, lat], s, kind]) => {
      const [a, b, c, d] = squareRing(lon, lat, s);
      if (kind === 0) return [[a!, b!, b!, c!, d!, a!]];
      if (kind === 1) return [[a!, c!, a!, a!]];
      return [[a!, b!, c!, d!]];
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), {
        minLength: 3,
        maxLength: 8,
      })
      .map((points) => {
        const positions = points.map(([x, y]) => [111.79 + x * 1e-3, 37.26 + y * 1e-3] as Position);
        return [[...positions, positions[0]!]];
      }),
  },
);

export const parcel: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: ring.map((coordinates) => ({ type: 'Polygon', coordinates })) },
  {
    weight: 1,
    arbitrary: fc
      .array(ring, { minLength: 1, maxLength: 3 })
      .map((coordinates) => ({ type: 'MultiPolygon', coordinates })),
  },
);

const isParcel = (schema: JsonSchema) =>
  schema.anyOf?.some((branch) => branch.properties?.type?.enum?.[0] === 'Polygon') ?? false;

/** A value for `schema`; `name` is the property it fills, for the hints. */
export function arbitraryOf(schema: JsonSchema, hints: Hints, name = ''): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (isParcel(schema)) return parcel;
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((branch) => arbitraryOf(branch, hints, name)));
  switch (schema.type) {
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'integer':
    case 'number':
      return number(schema, schema.type === 'integer');
    case 'string':
      return string(schema, hints, name);
    case 'array':
      return array(schema, hints, name);
    case 'object':
      return object(schema, hints);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function string(schema: JsonSchema, hints: Hints, name: string): fc.Arbitrary<string> {
  if (schema.format === 'date-time') return timestamp;
  if (/divisionCode$/i.test(name)) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constant(hints.division) },
      { weight: 2, arbitrary: fc.constantFrom(...DIVISIONS) },
      { weight: 1, arbitrary: fc.stringMatching(new RegExp(schema.pattern ?? '^[0-9]{6}$')) },
    );
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  return text(schema.minLength ?? 0, schema.maxLength);
}

function array(schema: JsonSchema, hints: Hints, name: string): fc.Arbitrary<unknown[]> {
  if (Array.isArray(schema.items))
    return fc.tuple(...schema.items.map((item) => arbitraryOf(item, hints, name)));
  const item = schema.items ? arbitraryOf(schema.items, hints, name) : fc.jsonValue({ maxDepth: 1 });
  const minLength = schema.minItems ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 3, minLength + 3));
  return schema.uniqueItems
    ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
    : fc.array(item, { minLength, maxLength });
}

function object(schema: JsonSchema, hints: Hints): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(
    Object.entries(properties).map(([key, property]) => [key, arbitraryOf(property, hints, key)]),
  );
  return fc.record(model, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<Record<string, unknown>>;
}
