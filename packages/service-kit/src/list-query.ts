import { AgencyCode, DivisionCode } from '@landcase/contracts';
import { narrowerDivision, significantDivision } from '@landcase/lifecycle';
import type { Collection, Doc, Filter, FindOptions } from '@landcase/readmodels';
import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import { ValidationProblem } from './problems.ts';

// What the list routes share: the query fields every list document answers to (its division,
// state, whose move it is, whether a deadline was missed), the filter they make and a page of
// the read model. Each route adds its own fields (source, land class, parties) and visibility.

export interface ListQueryOptions {
  /** What the list holds, singular, for the descriptions: 'clue', 'case'. */
  noun: string;
  /** Examples of states, for the description of `state`. */
  stateExamples?: string;
}

/** The shared query fields: divisionCode, state, withinDivision, agency, overdue, limit, offset. */
function listQueryFields({ noun, stateExamples }: ListQueryOptions) {
  return {
    divisionCode: Type.Optional(DivisionCode),
    state: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        ...(stateExamples ? { description: `e.g. ${stateExamples}` } : {}),
      }),
    ),
    withinDivision: Type.Optional(
      Type.String({
        pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$',
        description:
          'a division and every division under it: 14 or 140000 is the province, 1411 or 141100 the city',
      }),
    ),
    agency: Type.Optional(AgencyCode),
    overdue: Type.Optional(
      Type.Boolean({
        description: `true: a deadline of the state the ${noun} is in was missed; false: none was`,
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  };
}

type SharedFields = ReturnType<typeof listQueryFields>;

/** A list route's query schema: its own fields and the shared ones; nothing else is accepted. */
export function listQuerySchema<P extends TProperties>(
  own: P,
  options: ListQueryOptions,
): TObject<P & SharedFields> {
  return Type.Object({ ...own, ...listQueryFields(options) }, { additionalProperties: false });
}

export type ListQuery = Static<TObject<SharedFields>>;

/** The query fields that are plain equality on the list document. */
const EQUALITY_FIELDS = ['divisionCode', 'state'] as const;

export interface ListFilterOptions<Q> {
  /** The route's own fields that are plain equality on the document (source, landClass, to, from). */
  fields?: readonly (keyof Q & string)[];
  /**
   * What the caller may see (access.ts `visibleFilter`: its agency in the audience, its divisions):
   * the filter starts from it, a query naming another value of one of its fields gives nothing, and
   * `withinDivision` narrows its divisions, never widens them.
   */
  visible?: Filter | null;
}

/**
 * The read-model filter of a list query, null when nothing can match (the query asks for what the
 * caller may not see). `agency` matches documents whose `awaiting` holds it, `overdue` the flag,
 * `withinDivision` an element of `divisionLevels`: the fields the projections write (awaiting.ts).
 */
export function listFilter<Q extends ListQuery>(query: Q, options: ListFilterOptions<Q> = {}): Filter | null {
  if (options.visible === null) return null;
  const visible = options.visible ?? {};
  const filter: Filter = { ...visible };
  const values = query as Record<string, unknown>;
  for (const key of [...(options.fields ?? []), ...EQUALITY_FIELDS]) {
    const value = values[key];
    if (value === undefined) continue;
    if (key in visible && visible[key] !== value) return null;
    filter[key] = value as Filter[string];
  }
  if (query.withinDivision !== undefined) {
    const level = significantDivision(query.withinDivision);
    if (!level) {
      throw new ValidationProblem([
        { path: '/withinDivision', reason: 'must name a division, not only zeros' },
      ]);
    }
    const scope = visible.divisionLevels;
    const narrower = typeof scope === 'string' ? narrowerDivision(scope, level) : level;
    if (!narrower) return null;
    filter.divisionLevels = narrower;
  }
  if (query.agency !== undefined) filter.awaiting = query.agency;
  if (query.overdue !== undefined) filter.overdue = query.overdue;
  return filter;
}

const DEFAULT_PAGE_SIZE = 50;

export interface ListPage {
  items: Record<string, unknown>[];
  total: number;
  limit: number;
  offset: number;
}

/** A document as the API shows it: adapters may keep bookkeeping beside it (its version, `_v`). */
function publicFields(doc: Doc): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')));
}

/** One page of the documents matching `filter` (none when it is null) and how many match in all. */
export async function findPage(
  collection: Collection,
  filter: Filter | null,
  page: Pick<ListQuery, 'limit' | 'offset'>,
  sort: NonNullable<FindOptions['sort']>,
): Promise<ListPage> {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  const offset = page.offset ?? 0;
  if (!filter) return { items: [], total: 0, limit, offset };
  const [docs, total] = await Promise.all([
    collection.find(filter, { limit, skip: offset, sort }),
    collection.count(filter),
  ]);
  return { items: docs.map(publicFields), total, limit, offset };
}

/**
 * The indexes behind the shared filters: an agency's inbox (usually by state too), the overdue
 * flag, a division and those under it, who may see a document. `awaiting` and `divisionLevels` are arrays (multikey on
 * MongoDB), so they never share a compound index: MongoDB cannot index two arrays of a document.
 */
const LIST_INDEXES: readonly (readonly string[])[] = [
  ['awaiting', 'state'],
  ['overdue'],
  ['divisionLevels'],
  ['audience'],
];

/** Declares the shared list indexes on a list's read model; a service calls it at start-up. */
export async function ensureListIndexes(collection: Collection): Promise<void> {
  for (const fields of LIST_INDEXES) await collection.ensureIndex([...fields]);
}
