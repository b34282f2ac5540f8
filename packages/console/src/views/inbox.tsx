import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.ts';
import { formatArea, formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { tabMove } from '../keyboard.ts';
import { hrefOf } from '../router.ts';
import type { Claims, Clue, EnforcementCase, ListFilter, Page, Referral, Remediation } from '../types.ts';
import { STATE_NAMES, stateName } from '../vocabulary.ts';
import { DueCell } from './due.tsx';
import { StateName } from './names.tsx';
import { ProblemView } from './problem.tsx';

// What waits for the signed-in agency (`?agency=<mine>` on each list route), nearest due date
// first (`sort=dueAt`), with the filters and the page the list routes take; `dueSoon=true` keeps
// what falls due within the configured working days and has not passed.

type Item = Page<Partial<Clue & EnforcementCase & Referral & Remediation>>['items'][number];

const LISTS = [
  { key: 'cases', path: '/enforcement/cases', machine: 'enforcementCase' },
  { key: 'clues', path: '/detection/clues', machine: 'clue' },
  { key: 'referrals', path: '/referral/referrals', machine: 'referral' },
  { key: 'remediations', path: '/remediation/cases', machine: 'remediation' },
] as const;
type ListKey = (typeof LISTS)[number]['key'];

const PAGE_SIZE = 20;

export function Inbox({ claims }: { claims: Claims }) {
  const { t, lang } = useI18n();
  const [list, setList] = useState<ListKey>('cases');
  const [filter, setFilter] = useState<ListFilter>({ offset: 0 });
  const [draft, setDraft] = useState({ state: '', withinDivision: '' });
  const [dueSoon, setDueSoon] = useState(false);
  const [page, setPage] = useState<Page<object>>();
  const [error, setError] = useState<Error>();

  const { path, machine } = LISTS.find((l) => l.key === list)!;
  useEffect(() => {
    let live = true;
    setError(undefined);
    setPage(undefined);
    api<Page<object>>(
      `${path}${query({
        agency: claims.agency,
        state: filter.state,
        withinDivision: filter.withinDivision,
        dueSoon: filter.dueSoon ? true : undefined,
        sort: 'dueAt',
        limit: PAGE_SIZE,
        offset: filter.offset ?? 0,
      })}`,
    ).then(
      (p) => live && setPage(p),
      (e: Error) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [path, claims.agency, filter]);

  const apply = (event: Event) => {
    event.preventDefault();
    setFilter(filterOf(dueSoon));
  };
  const filterOf = (soon: boolean): ListFilter => ({
    offset: 0,
    ...(draft.state ? { state: draft.state } : {}),
    ...(draft.withinDivision ? { withinDivision: draft.withinDivision } : {}),
    ...(soon ? { dueSoon: true } : {}),
  });
  const choose = (key: ListKey) => {
    setList(key);
    setDraft({ ...draft, state: '' });
    setFilter({ offset: 0, ...(dueSoon ? { dueSoon: true } : {}) });
  };
  const onTabKey = (event: KeyboardEvent) => {
    const at = LISTS.findIndex((l) => l.key === list);
    const to = tabMove(event.key, at, LISTS.length);
    if (to === null) return;
    event.preventDefault();
    const key = LISTS[to]!.key;
    choose(key);
    document.getElementById(`tab-${key}`)?.focus();
  };
  const offset = filter.offset ?? 0;
  const items = (page?.items ?? []) as Item[];

  return (
    <section class="inbox">
      <h2>{t.inbox}</h2>
      {/* The WAI-ARIA tabs pattern: one tab stop, the arrow keys, Home and End move between lists. */}
      <div class="tabs" role="tablist" aria-label={t.inbox} onKeyDown={onTabKey}>
        {LISTS.map((l) => (
          <button
            key={l.key}
            id={`tab-${l.key}`}
            type="button"
            role="tab"
            aria-selected={l.key === list}
            aria-controls="inbox-panel"
            tabIndex={l.key === list ? 0 : -1}
            onClick={() => choose(l.key)}
          >
            {t[l.key]}
          </button>
        ))}
      </div>
      <div id="inbox-panel" role="tabpanel" aria-labelledby={`tab-${list}`}>
        <form class="filters" onSubmit={apply}>
          <label>
            {t.filterState}
            <select
              name="state"
              value={draft.state}
              onChange={(e) => setDraft({ ...draft, state: (e.target as HTMLSelectElement).value })}
            >
              <option value="">{t.allStates}</option>
              {Object.keys(STATE_NAMES[machine])
                .filter((state) => state !== 'none')
                .map((state) => (
                  <option key={state} value={state}>
                    {stateName(machine, state, lang)} ({state})
                  </option>
                ))}
            </select>
          </label>
          <label>
            {t.filterWithin}
            <input
              name="withinDivision"
              value={draft.withinDivision}
              placeholder={claims.division}
              inputMode="numeric"
              onInput={(e) =>
                setDraft({ ...draft, withinDivision: (e.target as HTMLInputElement).value.trim() })
              }
            />
          </label>
          <label class="inline">
            <input
              type="checkbox"
              name="dueSoon"
              checked={dueSoon}
              onChange={(e) => {
                const soon = (e.target as HTMLInputElement).checked;
                setDueSoon(soon);
                setFilter(filterOf(soon));
              }}
            />
            {t.dueSoonOnly}
          </label>
          <button type="submit">{t.apply}</button>
        </form>
        {error ? <ProblemView error={error} /> : null}
        {!page && !error ? <p class="muted">{t.loading}</p> : null}
        {page && items.length === 0 ? <p class="muted">{t.nothingWaiting}</p> : null}
        {page && items.length > 0 ? (
          <table class="items">
            <thead>
              <tr>
                <th>{t.caseId}</th>
                <th>{t.state}</th>
                <th>{t.division}</th>
                <th>{t.area}</th>
                <th>{t.awaiting}</th>
                <th>{t.due}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={`${item.id ?? ''}${item.caseId}`} data-case-id={item.caseId}>
                  <td>
                    <a href={hrefOf({ page: 'case', caseId: item.caseId })}>{item.caseId}</a>
                    {item.to && item.id ? (
                      <a class="muted" href={hrefOf({ page: 'referral', id: item.id })}>
                        {' '}
                        → {item.to}
                      </a>
                    ) : null}
                  </td>
                  <td>
                    <StateName machine={machine} state={item.state} />
                  </td>
                  <td>{item.divisionCode}</td>
                  <td>{formatArea(item.areaMu, lang)}</td>
                  <td>{item.awaiting?.join(', ')}</td>
                  <td>
                    <DueCell due={item.due} overdue={item.overdue} overdueSince={item.overdueSince} />
                    {item.discoveredAt && !item.due ? (
                      <span class="muted"> {formatTime(item.discoveredAt, lang, false)}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {page ? (
          <div class="pager">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setFilter({ ...filter, offset: Math.max(0, offset - PAGE_SIZE) })}
            >
              {t.previous}
            </button>
            <span>{t.pageOf(page.total === 0 ? 0 : offset + 1, offset + items.length, page.total)}</span>
            <button
              type="button"
              disabled={offset + items.length >= page.total}
              onClick={() => setFilter({ ...filter, offset: offset + PAGE_SIZE })}
            >
              {t.next}
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
