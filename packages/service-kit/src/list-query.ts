import { AgencyCode, DivisionCode } from '@landcase/contracts';
import { narrowerDivision, significantDivision } from '@landcase/lifecycle';
import type { Collection, Doc, Filter, FindOptions } from '@landcase/readmodels';
import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import {
  DUE_ORDER_FIELD,
  type DueReading,
  DueSchema,
  dueOf,
  dueSoonRange,
  NextDueSchemaFields,
} from './deadlines/due.ts';
import { ValidationProblem } from './problems.ts';

// What the list routes share: the query fields every list document answers to (its division,
// state, whose move it is, whether a deadline was missed, when the next one falls due), the filter
// they make, the order and a page of the read model, each item with its `due` as of the read. Each
// route adds its own fields (source, land class, parties), visibility and default order.

export interface ListQueryOptions {
  /** What the list holds, singular, for the descriptions: 'clue', 'case'. */
  noun: string;
  /** Examples of states, for the description of `state`. */
  stateExamples?: string;
}

/**
 * The shared query fields: divisionCode, state, withinDivision, agency, overdue, dueSoon, sort,
 * limit, offset.
 */
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
    dueSoon: Type.Optional(
      Type.Literal(true, {
        description:
          `true: the ${noun}'s next deadline has not passed and is at most LANDCASE_DUE_SOON_WORKING_DAYS ` +
          '(default 2) working days away (`due.soon`)',
      }),
    ),
    sort: Type.Optional(
      Type.Literal('dueAt', {
        description: `dueAt: by the ${noun}'s next due date, earliest first, those without one last (ties by id); unset: the list's own order`,
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
  /** The read's instant and calendar, which `dueSoon` is reckoned by (deadlines/due.ts `dueReading`). */
  due?: DueReading;
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
  if (query.dueSoon === true) {
    if (!options.due) throw new Error('listFilter: dueSoon needs the read (options.due)');
    filter[DUE_ORDER_FIELD] = dueSoonRange(options.due);
  }
  return filter;
}

const DEFAULT_PAGE_SIZE = 50;

export interface ListPage {
  items: Record<string, unknown>[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * A document as the API shows it: adapters may keep bookkeeping beside it (its version, `_v`), and
 * projections too (the due-date sort key, `_dueOrder`).
 */
function publicFields(doc: Doc): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !key.startsWith('_')));
}

/** The order of `sort=dueAt`: the next due date ascending, documents without one last, ties by id. */
export const DUE_AT_ORDER = { field: DUE_ORDER_FIELD, direction: 1 } as const;

/**
 * One page of the documents matching `filter` (none when it is null) and how many match in all, in
 * the list's own order (`sort`) unless the query asks for `sort=dueAt`; each item with its `due` as
 * `due` (the read) sees it.
 */
export async function findPage(
  collection: Collection,
  filter: Filter | null,
  page: Pick<ListQuery, 'limit' | 'offset' | 'sort'>,
  sort: NonNullable<FindOptions['sort']>,
  due: DueReading,
): Promise<ListPage> {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  const offset = page.offset ?? 0;
  if (!filter) return { items: [], total: 0, limit, offset };
  const order = page.sort === 'dueAt' ? DUE_AT_ORDER : sort;
  const [docs, total] = await Promise.all([
    collection.find(filter, { limit, skip: offset, sort: order }),
    collection.count(filter),
  ]);
  return { items: docs.map((doc) => ({ ...publicFields(doc), due: dueOf(doc, due) })), total, limit, offset };
}

/** What every list route's description says of the deadlines, after its own words. */
export const DUE_LIST_DESCRIPTION =
  ' Each item carries `due`, its next deadline as of the read (`at`, `rule`, `workingDaysLeft`, `soon`, ' +
  '`overdue`, `provisional`; null when none runs); `sort=dueAt` lists the earliest due first and those ' +
  'without a deadline last; `dueSoon=true` keeps those due soon.';

/**
 * A list response as the OpenAPI document shows it: what every item carries for its deadlines
 * (`due`, the `nextDue*` fields), beside the fields of the route's own documents.
 */
export function listResponseSchema(noun: string) {
  return Type.Object(
    {
      items: Type.Array(
        Type.Object(
          {
            id: Type.String(),
            state: Type.String({ description: `The state the ${noun} is in` }),
            due: DueSchema,
            ...NextDueSchemaFields,
          },
          { additionalProperties: true },
        ),
      ),
      total: Type.Integer({ minimum: 0, description: 'How many match the query in all' }),
      limit: Type.Integer({ minimum: 1 }),
      offset: Type.Integer({ minimum: 0 }),
    },
    { description: `A page of ${noun}s`, additionalProperties: false },
  );
}

/**
 * The indexes behind the shared filters: an agency's inbox (usually by state too), the overdue
 * flag, a division and those under it, who may see a document, the due-date order (and `dueSoon`). `awaiting` and `divisionLevels` are arrays (multikey on
 * MongoDB), so they never share a compound index: MongoDB cannot index two arrays of a document.
 */
const LIST_INDEXES: readonly (readonly string[])[] = [
  ['awaiting', 'state'],
  ['overdue'],
  ['divisionLevels'],
  ['audience'],
  [DUE_ORDER_FIELD],
];

/** Declares the shared list indexes on a list's read model; a service calls it at start-up. */
export async function ensureListIndexes(collection: Collection): Promise<void> {
  for (const fields of LIST_INDEXES) await collection.ensureIndex([...fields]);
}
