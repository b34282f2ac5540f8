// Filter matching and ordering with MongoDB's semantics, so the in-memory adapter answers a query the
// same way the production adapter does (a projection tested on one behaves the same on the other).
import type { Doc, Filter, FindOptions, Range, Scalar } from './port.ts';

function equalsScalar(field: unknown, wanted: Scalar): boolean {
  // MongoDB: `{ f: null }` also matches documents without the field.
  if (wanted === null) return field === null || field === undefined;
  return field === wanted;
}

function fieldMatches(field: unknown, wanted: Scalar): boolean {
  // MongoDB: an equality on an array field matches when any element equals the value.
  if (Array.isArray(field)) return field.some((element) => equalsScalar(element, wanted));
  return equalsScalar(field, wanted);
}

export function isRange(value: Filter[string]): value is Range {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BOUNDS = ['gt', 'gte', 'lt', 'lte'] as const;

/** One bound against one value; MongoDB's type bracketing: numbers meet number bounds only, etc. */
function meetsBound(value: unknown, op: keyof Range, bound: number | string): boolean {
  if (typeof value !== typeof bound) return false;
  const v = value as number | string;
  switch (op) {
    case 'gt':
      return v > bound;
    case 'gte':
      return v >= bound;
    case 'lt':
      return v < bound;
    case 'lte':
      return v <= bound;
  }
}

function rangeTest(range: Range): (field: unknown) => boolean {
  const bounds = BOUNDS.flatMap((op) => (range[op] === undefined ? [] : [[op, range[op]] as const]));
  return (field) =>
    // MongoDB: on an array field, each bound may be met by a different element.
    Array.isArray(field)
      ? bounds.every(([op, bound]) => field.some((v) => meetsBound(v, op, bound)))
      : bounds.every(([op, bound]) => meetsBound(field, op, bound));
}

/**
 * The filter as a predicate, worked out once per query rather than once per document: a scan
 * over a large collection (a ledger read a page at a time) calls it for every document.
 */
export function matcher(filter: Filter = {}): (doc: Doc) => boolean {
  const tests = Object.entries(filter).map(([key, wanted]): ((doc: Doc) => boolean) => {
    if (Array.isArray(wanted)) return (doc) => wanted.some((w) => fieldMatches(doc[key], w));
    if (isRange(wanted)) {
      const test = rangeTest(wanted);
      return (doc) => test(doc[key]);
    }
    return (doc) => fieldMatches(doc[key], wanted);
  });
  return (doc) => tests.every((test) => test(doc));
}

export function matches(doc: Doc, filter: Filter = {}): boolean {
  return matcher(filter)(doc);
}

/** BSON comparison order for the types a JSON document can hold (missing sorts with null). */
function typeRank(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  if (Array.isArray(value)) return 4;
  if (typeof value === 'object') return 3;
  if (typeof value === 'boolean') return 5;
  return 6;
}

function compareValues(a: unknown, b: unknown): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA - rankB;
  if (typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean') {
    return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  }
  return 0;
}

/** Sorts by the requested field, then by id so that ties come out in the same order everywhere. */
export function compareDocs(sort: FindOptions['sort']): (a: Doc, b: Doc) => number {
  return (a, b) => {
    const bySort = sort ? sort.direction * compareValues(a[sort.field], b[sort.field]) : 0;
    return bySort !== 0 ? bySort : compareValues(a.id, b.id);
  };
}

/** Applies skip and limit; like MongoDB, a limit of 0 means no limit. */
export function page<T>(items: T[], options: FindOptions): T[] {
  const start = options.skip ?? 0;
  const end = options.limit ? start + options.limit : undefined;
  return items.slice(start, end);
}
