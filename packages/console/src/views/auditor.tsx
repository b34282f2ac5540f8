import { useState } from 'preact/hooks';
import { api, query, useApi } from '../api.ts';
import { chinaInstant, chinaLocal, formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { hrefOf } from '../router.ts';
import type { AccessLog, CaseStateAt, ServiceState, Timeline, Verification } from '../types.ts';
import type { MachineName } from '../vocabulary.ts';
import { StateName } from './names.tsx';
import { Loading, ProblemView } from './problem.tsx';
import { TimelineTable } from './timeline.tsx';

// The auditor's view of a case: the timeline with who did what under which rule set, the state of
// every service as of an instant (a slider over the timeline's instants, or any China time), the
// verification of the chain, and the offline bundle that `landcase verify` checks.

const enc = encodeURIComponent;

function StateRows({ state }: { state: CaseStateAt }) {
  const { t, lang } = useI18n();
  const rows: [string, MachineName, ServiceState | null][] = [
    ['detection', 'clue', state.services.detection],
    ['enforcement', 'enforcementCase', state.services.enforcement],
    ...Object.entries(state.services.referral).map(
      ([id, s]) => [`referral ${id}`, 'referral', s] as [string, MachineName, ServiceState],
    ),
    ...Object.entries(state.services.recommendation).map(
      ([id, s]) => [`recommendation ${id}`, 'recommendation', s] as [string, MachineName, ServiceState],
    ),
    ...Object.entries(state.services.partyMatch).map(
      ([id, s]) => [`partyMatch ${id}`, 'partyMatch', s] as [string, MachineName, ServiceState],
    ),
    ['remediation', 'remediation', state.services.remediation],
  ];
  return (
    <table class="state-at" data-at={state.at}>
      <thead>
        <tr>
          <th>{t.col.service}</th>
          <th>{t.state}</th>
          <th>{t.event}</th>
          <th>{t.actor}</th>
          <th>{t.time}</th>
          <th>{t.ruleSetVersion}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, machine, s]) => (
          <tr key={name} data-service={name}>
            <td>{name}</td>
            <td>{s ? <StateName machine={machine} state={s.state} /> : <span class="muted">—</span>}</td>
            <td>{s?.producedBy?.event ?? ''}</td>
            <td>{s?.producedBy?.actor ?? ''}</td>
            <td>{formatTime(s?.producedBy?.time, lang)}</td>
            <td>{s?.ruleSetVersion ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Who read the case's audit data: when, who (actor, agency, division), which view, as of when. */
function AccessLogTable({ log }: { log: AccessLog }) {
  const { t, lang } = useI18n();
  if (log.reads.length === 0) return <p class="muted">{t.none}</p>;
  return (
    <table class="access-log" data-chain={log.chain}>
      <thead>
        <tr>
          <th>{t.time}</th>
          <th>{t.actor}</th>
          <th>{t.agency}</th>
          <th>{t.division}</th>
          <th>{t.view}</th>
          <th>{t.asOf}</th>
          <th>{t.entriesRead}</th>
          <th>{t.ledgerPosition}</th>
        </tr>
      </thead>
      <tbody>
        {log.reads.map((r) => (
          <tr key={r.id} data-view={r.view} data-actor={r.actor}>
            <td>{formatTime(r.time, lang)}</td>
            <td>{r.actor}</td>
            <td>{r.agency}</td>
            <td>{r.division}</td>
            <td>
              <code>{r.view}</code>
            </td>
            <td>{formatTime(r.at, lang)}</td>
            <td>{r.entries}</td>
            <td>{r.position ?? <span class="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Auditor({ caseId }: { caseId: string }) {
  const { t, lang } = useI18n();
  const timeline = useApi<Timeline>(`/audit/cases/${enc(caseId)}/timeline`);
  const verification = useApi<Verification>(`/audit/cases/${enc(caseId)}/verification`);
  const [at, setAt] = useState<string>();
  const state = useApi<CaseStateAt>(`/audit/cases/${enc(caseId)}/state${query({ at })}`);
  const accessLog = useApi<AccessLog>(`/audit/cases/${enc(caseId)}/access-log`);
  const [exportError, setExportError] = useState<Error>();

  const times = timeline.data?.events.map((e) => e.time) ?? [];
  // The last event recorded by the instant shown.
  const index = at ? times.filter((time) => Date.parse(time) <= Date.parse(at)).length - 1 : times.length - 1;

  const download = async () => {
    setExportError(undefined);
    try {
      const bundle = await api<unknown>(`/audit/cases/${enc(caseId)}/export`);
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/json' }),
      );
      const link = document.createElement('a');
      link.href = url;
      link.download = `landcase-${caseId}.bundle.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setExportError(error as Error);
    }
  };

  return (
    <section class="auditor">
      <h2>
        {t.auditorView}: <a href={hrefOf({ page: 'case', caseId })}>{caseId}</a>
      </h2>
      <div class="columns">
        <div class="card" data-part="verification">
          <h3>{t.verification}</h3>
          <Loading {...verification}>
            {(v) => (
              <p>
                <span class={`badge ${v.valid ? 'ok' : 'overdue'}`}>{v.valid ? t.valid : t.invalid}</span>{' '}
                {v.checked} {t.checked}
                {v.reason ? ` — ${v.reason}` : ''}
              </p>
            )}
          </Loading>
          <button type="button" onClick={download}>
            {t.exportBundle}
          </button>
          {exportError ? <ProblemView error={exportError} /> : null}
        </div>
        <div class="card" data-part="state-at">
          <h3>{t.stateAt}</h3>
          <div class="as-of">
            {times.length > 0 ? (
              <input
                type="range"
                name="at-event"
                aria-label={t.atEvent}
                min={0}
                max={times.length - 1}
                value={Math.max(0, index)}
                onChange={(e) => setAt(times[Number((e.target as HTMLInputElement).value)])}
              />
            ) : null}
            <label>
              {t.asOf}
              <input
                type="datetime-local"
                name="at"
                step={1}
                value={at ? chinaLocal(at) : ''}
                onChange={(e) => {
                  const value = (e.target as HTMLInputElement).value;
                  setAt(value ? new Date(chinaInstant(value)).toISOString() : undefined);
                }}
              />{' '}
              <span class="muted">(Asia/Shanghai)</span>
            </label>
          </div>
          <Loading {...state}>
            {(s) => (
              <>
                <p class="muted">
                  {t.asOf} {formatTime(s.at, lang)}
                </p>
                <StateRows state={s} />
              </>
            )}
          </Loading>
        </div>
      </div>
      <div class="card" data-part="timeline">
        <h3>{t.timeline}</h3>
        <Loading {...timeline}>{(tl) => <TimelineTable entries={tl.events} />}</Loading>
      </div>
      <div class="card" data-part="access-log">
        <h3>{t.accessLog}</h3>
        <Loading {...accessLog}>{(log) => <AccessLogTable log={log} />}</Loading>
      </div>
    </section>
  );
}
