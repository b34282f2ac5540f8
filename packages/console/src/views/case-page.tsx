import { query, useApi } from '../api.ts';
import { formatArea, formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { hrefOf } from '../router.ts';
import type { Clue, EnforcementCase, Page, Referral, RemediationRead, Timeline } from '../types.ts';
import { CommandForms } from './command-form.tsx';
import { DueCell, DueLine } from './due.tsx';
import { StateName } from './names.tsx';
import { ParcelMap } from './parcel-map.tsx';
import { Loading } from './problem.tsx';
import { TimelineTable } from './timeline.tsx';

// One case as the signed-in agency may see it: each part is read from its own service, and a part
// the API refuses shows the API's answer (404: not found; 403: the policy entry). Each lifecycle
// shows its next deadline, and the forms are those of the commands its read allows the caller now.

const enc = encodeURIComponent;

export function CasePage({ caseId }: { caseId: string }) {
  const { t, lang } = useI18n();
  const clue = useApi<Clue>(`/detection/clues/${enc(caseId)}`);
  const enforcement = useApi<EnforcementCase>(`/enforcement/cases/${enc(caseId)}`);
  const referrals = useApi<Page<Referral>>(`/referral/referrals${query({ caseId })}`);
  const remediation = useApi<RemediationRead>(`/remediation/cases/${enc(caseId)}`);
  const timeline = useApi<Timeline>(`/audit/cases/${enc(caseId)}/timeline`);

  return (
    <section class="case-page">
      <h2>
        {t.caseId} <code>{caseId}</code>{' '}
        <a class="small" href={hrefOf({ page: 'audit', caseId })}>
          {t.auditorView}
        </a>
      </h2>
      <div class="columns">
        <div class="card" data-part="enforcement">
          <h3>{t.cases}</h3>
          <Loading {...enforcement}>
            {(c) => (
              <dl>
                <dt>{t.due}</dt>
                <dd>
                  <DueLine due={c.due} />
                </dd>
                <dt>{t.state}</dt>
                <dd class="state">
                  <StateName machine="enforcementCase" state={c.state} />
                </dd>
                <dt>{t.division}</dt>
                <dd>{c.divisionCode}</dd>
                <dt>{t.landClass}</dt>
                <dd>{c.landClass}</dd>
                <dt>{t.area}</dt>
                <dd>{formatArea(c.areaMu, lang)}</dd>
                <dt>{t.party}</dt>
                <dd>{c.party?.name}</dd>
                <dt>{t.discovered}</dt>
                <dd>{formatTime(c.discoveredAt, lang)}</dd>
                {c.filing ? (
                  <>
                    <dt>{t.filing}</dt>
                    <dd>
                      {c.filing.filingNo} · {formatTime(c.filing.filedAt, lang)}
                    </dd>
                  </>
                ) : null}
                {c.decision ? (
                  <>
                    <dt>{t.decision}</dt>
                    <dd>
                      {c.decision.measures.join(', ')}
                      {c.decision.fineYuan !== undefined
                        ? ` · ${t.fine} ${c.decision.fineYuan.toLocaleString()} ${t.yuan}`
                        : ''}
                    </dd>
                  </>
                ) : null}
              </dl>
            )}
          </Loading>
        </div>
        <div class="card" data-part="parcel">
          <h3>{t.parcel}</h3>
          <Loading {...clue}>
            {(c) => (
              <>
                <ParcelMap parcel={c.parcel} label={`${t.parcel} ${caseId}`} />
                <p class="muted">
                  {t.source}: {c.source} · {t.observed}: {formatTime(c.observedAt, lang)} · {t.state}:{' '}
                  <StateName machine="clue" state={c.state} />
                </p>
                <DueLine due={c.due} />
              </>
            )}
          </Loading>
        </div>
      </div>
      <div class="columns">
        <div class="card" data-part="referrals">
          <h3>{t.referrals}</h3>
          <Loading {...referrals}>
            {(page) =>
              page.items.length === 0 ? (
                <p class="muted">{t.none}</p>
              ) : (
                <ul>
                  {page.items.map((r) => (
                    <li key={r.id} data-referral-id={r.id}>
                      <a href={hrefOf({ page: 'referral', id: r.id })}>
                        {t.referralTo} <strong>{r.to}</strong>
                      </a>
                      : <StateName machine="referral" state={r.state} />{' '}
                      <DueCell due={r.due} overdue={r.overdue} overdueSince={r.overdueSince} />
                    </li>
                  ))}
                </ul>
              )
            }
          </Loading>
        </div>
        <div class="card" data-part="remediation">
          <h3>{t.remediations}</h3>
          <Loading {...remediation}>
            {(r) => (
              <>
                <p class="state">
                  <StateName machine="remediation" state={r.state} />
                </p>
                <DueLine due={r.due} />
              </>
            )}
          </Loading>
        </div>
      </div>
      <div class="card" data-part="commands">
        <h3>{t.commands}</h3>
        <CommandForms
          targets={[
            { service: 'detection', id: caseId, etag: clue.etag, allowed: clue.data?.commandsAllowed },
            {
              service: 'enforcement',
              id: caseId,
              etag: enforcement.etag,
              allowed: enforcement.data?.commandsAllowed,
            },
            {
              service: 'remediation',
              id: caseId,
              etag: remediation.etag,
              allowed: remediation.data?.commandsAllowed,
            },
          ]}
          onDone={() => {
            for (const part of [clue, enforcement, referrals, remediation, timeline]) part.reload();
          }}
        />
      </div>
      <div class="card" data-part="timeline">
        <h3>{t.timeline}</h3>
        <Loading {...timeline}>{(tl) => <TimelineTable entries={tl.events} />}</Loading>
      </div>
    </section>
  );
}
