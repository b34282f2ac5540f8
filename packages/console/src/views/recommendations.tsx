import { query, useApi } from '../api.ts';
import { formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { hrefOf } from '../router.ts';
import type { Page, RecommendationDoc, RecommendationRead } from '../types.ts';
import { CommandForms } from './command-form.tsx';
import { DueCell, DueLine } from './due.tsx';
import { RuleName, StateName } from './names.tsx';
import { Loading } from './problem.tsx';

// Procuratorial recommendations (检察建议): those the signed-in agency issued or received, nearest
// reply date first, and one recommendation with its content, reply, missed deadlines and
// escalations, and the forms of the commands its read allows the caller (the reply).

const enc = encodeURIComponent;

export function Recommendations() {
  const { t } = useI18n();
  const list = useApi<Page<RecommendationDoc>>(
    `/referral/recommendations${query({ sort: 'dueAt', limit: 50 })}`,
  );
  return (
    <section class="recommendations">
      <h2>{t.recommendations}</h2>
      <div class="card" data-part="recommendations">
        <Loading {...list}>
          {(page) =>
            page.items.length === 0 ? (
              <p class="muted">{t.none}</p>
            ) : (
              <table class="items">
                <thead>
                  <tr>
                    <th>{t.recommendation}</th>
                    <th>{t.caseId}</th>
                    <th>
                      {t.from} → {t.to}
                    </th>
                    <th>{t.state}</th>
                    <th>{t.due}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((r) => (
                    <tr key={r.id} data-recommendation-id={r.id}>
                      <td>
                        <a href={hrefOf({ page: 'recommendation', id: r.id })}>{r.id}</a>
                      </td>
                      <td>
                        <a href={hrefOf({ page: 'case', caseId: r.caseId })}>{r.caseId}</a>
                      </td>
                      <td>
                        {r.from} → {r.to}
                      </td>
                      <td>
                        <StateName machine="recommendation" state={r.state} />
                      </td>
                      <td>
                        <DueCell due={r.due} overdue={r.overdue} overdueSince={r.overdueSince} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </Loading>
      </div>
    </section>
  );
}

export function RecommendationPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const read = useApi<RecommendationRead>(`/referral/recommendations/${enc(id)}`);
  return (
    <section class="recommendation-page">
      <h2>
        {t.recommendation} <code>{id}</code>
      </h2>
      <div class="card" data-part="recommendation">
        <h3>{t.facts}</h3>
        <Loading {...read}>
          {(r) => (
            <dl>
              <dt>{t.caseId}</dt>
              <dd>
                <a href={hrefOf({ page: 'case', caseId: r.caseId })}>{r.caseId}</a>
              </dd>
              <dt>
                {t.from} → {t.to}
              </dt>
              <dd class="parties">
                {r.from} → {r.to}
              </dd>
              <dt>{t.state}</dt>
              <dd class="state">
                <StateName machine="recommendation" state={r.state} />
              </dd>
              <dt>{t.due}</dt>
              <dd>
                <DueLine due={r.due} />
              </dd>
              <dt>{t.issuedAt}</dt>
              <dd>
                {formatTime(r.issuedAt, lang)}
                {r.harmGrowing ? <span class="badge overdue">{t.harmGrowing}</span> : null}
              </dd>
              <dt>{t.content}</dt>
              <dd class="content">{r.content}</dd>
              {r.reply ? (
                <>
                  <dt>{t.reply}</dt>
                  <dd class="reply">
                    {r.reply.measures} · {formatTime(r.reply.repliedAt, lang)}
                  </dd>
                </>
              ) : null}
              {r.deadlinesMissed.length > 0 ? (
                <>
                  <dt>{t.overdue}</dt>
                  <dd>
                    {r.deadlinesMissed.map((m) => (
                      <div key={m.deadlineId} data-missed={m.rule}>
                        <RuleName rule={m.rule} /> · {formatTime(m.dueAt, lang)}
                      </div>
                    ))}
                  </dd>
                </>
              ) : null}
              {r.escalations.length > 0 ? (
                <>
                  <dt>{t.escalations}</dt>
                  <dd>
                    {r.escalations.map((e) => (
                      <div key={`${e.deadlineId} ${e.rung}`} data-rung={e.rung}>
                        <code>{e.rung}</code> → {e.escalatedToDivisionCode} · {formatTime(e.raisedAt, lang)}
                      </div>
                    ))}
                  </dd>
                </>
              ) : null}
            </dl>
          )}
        </Loading>
      </div>
      <div class="card" data-part="commands">
        <h3>{t.commands}</h3>
        <CommandForms
          targets={[{ service: 'recommendation', id, etag: read.etag, allowed: read.data?.commandsAllowed }]}
          onDone={() => read.reload()}
        />
      </div>
    </section>
  );
}
