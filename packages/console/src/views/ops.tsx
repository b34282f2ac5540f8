import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { call, useApi } from '../api.ts';
import {
  type ActionAnswer,
  actedOn,
  actionBodyOf,
  type DeadLetterFilter,
  type DeadLetterStatus,
  deadLetterListPath,
  NO_FILTER,
  stillTicked,
} from '../dead-letter-actions.ts';
import { formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { hrefOf } from '../router.ts';
import type { AtRisk, DeadLetters, Streams } from '../types.ts';
import { RuleName } from './names.tsx';
import { Loading, ProblemView } from './problem.tsx';

// The running system for the `ops` role: the relays' lag, the consumer groups' lag and status, what
// each projection has applied, the DLQ depth, the deadlines the lag puts at risk, and the dead
// letters, listed, shown, redriven or discarded (a dry run first by default). Read again every few
// seconds unless paused. Without the role each part shows the API's 403.

export const OPS_REFRESH_MS = 5_000;
const DLQ_LIMIT = 50;
const STATUSES: DeadLetterStatus[] = ['pending', 'redriven', 'discarded', 'all'];

const statusClass = (status: string) =>
  status === 'OK'
    ? 'ok'
    : status === 'WARN'
      ? 'soon'
      : status === 'STOP' || status === 'ERR'
        ? 'overdue'
        : 'soon';

function StreamsPart({ streams }: { streams: Streams }) {
  const { t } = useI18n();
  const c = t.col;
  return (
    <>
      <p>
        {t.dlqDepth}: <strong data-dlq-depth={streams.dlqDepth ?? ''}>{streams.dlqDepth ?? '—'}</strong>
      </p>
      <h4>{t.relays}</h4>
      <table data-part="relays">
        <thead>
          <tr>
            <th>{c.service}</th>
            <th>{c.position}</th>
            <th>{c.head}</th>
            <th>{c.lag}</th>
            <th>{c.wait}</th>
          </tr>
        </thead>
        <tbody>
          {streams.relays.map((r) => (
            <tr key={r.service} data-relay={r.service}>
              <td>{r.service}</td>
              <td>{r.position ?? '—'}</td>
              <td>{r.head ?? '—'}</td>
              <td class={r.lagEvents > 0 ? 'warn' : ''}>{r.lagEvents}</td>
              <td>{r.waitSeconds}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t.groups}</h4>
      <table data-part="groups">
        <thead>
          <tr>
            <th>{c.group}</th>
            <th>{c.topics}</th>
            <th>{c.active}</th>
            <th>{c.status}</th>
            <th>{c.lag}</th>
            <th>{c.wait}</th>
          </tr>
        </thead>
        <tbody>
          {streams.groups.map((g) => (
            <tr key={g.group} data-group={g.group} data-status={g.status}>
              <td>{g.group}</td>
              <td>{g.topics.join(', ')}</td>
              <td>{g.active ? '✓' : '—'}</td>
              <td>
                <span class={`badge ${statusClass(g.status)}`}>{g.status}</span>
              </td>
              <td class={g.lag > 0 ? 'warn' : ''}>{g.lag}</td>
              <td>{g.waitSeconds}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t.consumers}</h4>
      <table data-part="consumers">
        <thead>
          <tr>
            <th>{c.group}</th>
            <th>{c.handled}</th>
            <th>{c.retried}</th>
            <th>{c.deadLettered}</th>
            <th>{c.duplicates}</th>
          </tr>
        </thead>
        <tbody>
          {streams.consumers.map((g) => (
            <tr key={g.group}>
              <td>{g.group}</td>
              <td>{g.handled}</td>
              <td>{g.retried}</td>
              <td class={g.deadLettered > 0 ? 'warn' : ''}>{g.deadLettered}</td>
              <td>{g.duplicates}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t.projections}</h4>
      <table data-part="projections">
        <thead>
          <tr>
            <th>{c.projection}</th>
            <th>{c.position}</th>
            <th>{c.topic}</th>
            <th>{c.partition}</th>
            <th>{c.offset}</th>
          </tr>
        </thead>
        <tbody>
          {streams.projections.map((p) => (
            <tr key={`${p.projection} ${p.topic} ${p.partition}`} data-projection={p.projection}>
              <td>{p.projection}</td>
              <td>{p.position ?? '—'}</td>
              <td>{p.topic}</td>
              <td>{p.partition}</td>
              <td>{p.offset}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function AtRiskPart({ report }: { report: AtRisk }) {
  const { t, lang } = useI18n();
  const c = t.col;
  return (
    <>
      {report.lagging.length > 0 ? (
        <p>
          {t.lagging}:{' '}
          {report.lagging.map((l) => (
            <span key={l.name} class="chip">
              {l.name} {l.waitSeconds} s
            </span>
          ))}
        </p>
      ) : null}
      {report.items.length === 0 ? (
        <p class="muted">{t.noneAtRisk}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{c.caseId}</th>
              <th>{c.service}</th>
              <th>{c.rule}</th>
              <th>{c.state}</th>
              <th>{c.dueAt}</th>
              <th>{c.endangeredBy}</th>
            </tr>
          </thead>
          <tbody>
            {report.items.map((d) => (
              <tr key={d.deadlineId} data-deadline-id={d.deadlineId}>
                <td>
                  <a href={hrefOf({ page: 'case', caseId: d.caseId })}>{d.caseId}</a>
                </td>
                <td>{d.service}</td>
                <td>
                  <RuleName rule={d.rule} />
                </td>
                <td>
                  <code>{d.state}</code>
                </td>
                <td>{formatTime(d.dueAt, lang)}</td>
                <td>{d.endangeredBy.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** One dead letter as `GET /ops/dlq/{id}` answers it: the CloudEvent and the failure headers. */
function LetterDetail({ id }: { id: string }) {
  const letter = useApi<unknown>(`/ops/dlq/${encodeURIComponent(id)}`);
  // Wrapped, not scrolled: a scrolling box would need a keyboard stop of its own.
  return <Loading {...letter}>{(l) => <pre class="letter">{JSON.stringify(l, null, 2)}</pre>}</Loading>;
}

function DeadLettersPart({ auto }: { auto: boolean }) {
  const { t, lang } = useI18n();
  const c = t.col;
  const [draft, setDraft] = useState<DeadLetterFilter>(NO_FILTER);
  const [filter, setFilter] = useState<DeadLetterFilter>(NO_FILTER);
  const letters = useApi<DeadLetters>(
    deadLetterListPath(filter, DLQ_LIMIT),
    auto ? OPS_REFRESH_MS : undefined,
  );
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [shown, setShown] = useState<string>();
  const [dryRun, setDryRun] = useState(true);
  const [reason, setReason] = useState('');
  const [answer, setAnswer] = useState<{ action: 'redrive' | 'discard'; answer: ActionAnswer }>();
  const [failure, setFailure] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const listed = letters.data?.items ?? [];
  const selected = stillTicked(ticked, listed);
  const tick = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setTicked(next);
  };
  const act = async (action: 'redrive' | 'discard') => {
    const body = actionBodyOf(selected, { dryRun, reason });
    if (!body) return;
    setBusy(true);
    setFailure(undefined);
    setAnswer(undefined);
    try {
      const { data } = await call<ActionAnswer>(`/ops/dlq/${action}`, { method: 'POST', body });
      setAnswer({ action, answer: data });
      if (!data.dryRun) setTicked(new Set());
      letters.reload();
    } catch (error) {
      setFailure(error as Error);
    } finally {
      setBusy(false);
    }
  };
  const text = (key: 'service' | 'group' | 'type' | 'error', label: string) => (
    <label>
      {label}
      <input
        name={key}
        value={draft[key]}
        onInput={(e) => setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value })}
      />
    </label>
  );

  return (
    <>
      <form
        class="filters"
        aria-label={t.dlqFilter}
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(draft);
        }}
      >
        <label>
          {c.status}
          <select
            name="status"
            value={draft.status}
            onChange={(e) =>
              setDraft({ ...draft, status: (e.target as HTMLSelectElement).value as DeadLetterStatus })
            }
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.dlqStatus[s]}
              </option>
            ))}
          </select>
        </label>
        {text('service', c.service)}
        {text('group', c.group)}
        {text('type', c.eventType)}
        {text('error', c.error)}
        <button type="submit">{t.apply}</button>
      </form>
      <Loading {...letters}>
        {(d) =>
          d.items.length === 0 ? (
            <p class="muted">{t.none}</p>
          ) : (
            <table class="letters">
              <thead>
                <tr>
                  <th>
                    <span class="visually-hidden">{t.selectLetter}</span>
                  </th>
                  <th>{c.id}</th>
                  <th>{c.status}</th>
                  <th>{c.group}</th>
                  <th>{c.eventType}</th>
                  <th>{c.caseId}</th>
                  <th>{c.error}</th>
                  <th>{c.attempts}</th>
                  <th>{c.redrives}</th>
                  <th>{c.deadAt}</th>
                  <th>
                    <span class="visually-hidden">{t.show}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((l) => (
                  <Fragment key={l.id}>
                    <tr data-letter-id={l.id} data-status={l.status}>
                      <td>
                        {l.status === 'pending' ? (
                          <input
                            type="checkbox"
                            name="letter"
                            value={l.id}
                            aria-label={`${t.selectLetter} ${l.id}`}
                            checked={selected.has(l.id)}
                            onChange={(e) => tick(l.id, (e.target as HTMLInputElement).checked)}
                          />
                        ) : null}
                      </td>
                      <td>
                        <code>{l.id}</code>
                      </td>
                      <td>{t.dlqStatus[l.status as DeadLetterStatus] ?? l.status}</td>
                      <td>{l.group}</td>
                      <td>{l.eventType}</td>
                      <td>
                        {l.subject ? (
                          <a href={hrefOf({ page: 'case', caseId: l.subject })}>{l.subject}</a>
                        ) : null}
                      </td>
                      <td>{l.error}</td>
                      <td>{l.attempts}</td>
                      <td>{l.redrives}</td>
                      <td>{formatTime(l.deadAt, lang)}</td>
                      <td>
                        <button
                          type="button"
                          class="link"
                          aria-expanded={shown === l.id}
                          onClick={() => setShown(shown === l.id ? undefined : l.id)}
                        >
                          {shown === l.id ? t.hide : t.show}
                        </button>
                      </td>
                    </tr>
                    {shown === l.id ? (
                      <tr class="letter-detail">
                        <td colSpan={11}>
                          <LetterDetail id={l.id} />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
          )
        }
      </Loading>
      <div class="dlq-actions">
        <span>{t.selectedCount(selected.size)}</span>
        <label class="inline">
          <input
            type="checkbox"
            name="dryRun"
            checked={dryRun}
            onChange={(e) => setDryRun((e.target as HTMLInputElement).checked)}
          />
          {t.dryRun}
        </label>
        <label class="inline">
          {t.actionReason}
          <input
            name="reason"
            value={reason}
            onInput={(e) => setReason((e.target as HTMLInputElement).value)}
          />
        </label>
        <button
          type="button"
          name="redrive"
          disabled={busy || selected.size === 0}
          onClick={() => act('redrive')}
        >
          {t.redrive}
        </button>
        <button
          type="button"
          name="discard"
          disabled={busy || selected.size === 0}
          onClick={() => act('discard')}
        >
          {t.discard}
        </button>
      </div>
      {failure ? <ProblemView error={failure} /> : null}
      {answer ? (
        <div
          class="action-answer"
          role="status"
          data-action={answer.action}
          data-dry-run={String(answer.answer.dryRun)}
        >
          <strong>
            {answer.answer.dryRun
              ? t.wouldAct(actedOn(answer.answer).length)
              : t.acted(actedOn(answer.answer).length)}
          </strong>
          <ul>
            {actedOn(answer.answer).map((id) => (
              <li key={id} data-acted={id}>
                <code>{id}</code>
              </li>
            ))}
          </ul>
          {answer.answer.refused.length > 0 ? (
            <p>
              {t.refusedItems}:{' '}
              {answer.answer.refused.map((r) => (
                <span key={r.id}>
                  <code>{r.id}</code> {r.reason}{' '}
                </span>
              ))}
            </p>
          ) : null}
          {answer.answer.notFound.length > 0 ? (
            <p>
              {t.notFoundItems}: {answer.answer.notFound.join(', ')}
            </p>
          ) : null}
          {answer.answer.left > 0 ? (
            <p>
              {t.leftItems}: {answer.answer.left}
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

export function Ops() {
  const { t, lang } = useI18n();
  const [auto, setAuto] = useState(true);
  const every = auto ? OPS_REFRESH_MS : undefined;
  const streams = useApi<Streams>('/ops/streams', every);
  const atRisk = useApi<AtRisk>('/ops/at-risk', every);
  return (
    <section class="ops">
      <h2>{t.ops}</h2>
      <div class="refresh">
        <span class="muted">
          {t.refreshedAt} {formatTime(new Date().toISOString(), lang)}
        </span>
        <label class="inline">
          <input
            type="checkbox"
            name="autoRefresh"
            checked={auto}
            onChange={(e) => setAuto((e.target as HTMLInputElement).checked)}
          />
          {t.autoRefresh}
        </label>
        <button
          type="button"
          onClick={() => {
            streams.reload();
            atRisk.reload();
          }}
        >
          {t.refresh}
        </button>
      </div>
      <div class="card" data-part="streams">
        <h3>{t.streams}</h3>
        <Loading {...streams}>{(s) => <StreamsPart streams={s} />}</Loading>
      </div>
      <div class="card" data-part="at-risk">
        <h3>{t.atRisk}</h3>
        <Loading {...atRisk}>{(r) => <AtRiskPart report={r} />}</Loading>
      </div>
      <div class="card" data-part="dlq">
        <h3>{t.dlq}</h3>
        <DeadLettersPart auto={auto} />
      </div>
    </section>
  );
}
