import { REFERRAL_TARGETS } from '@landcase/contracts/enums';
import { query, useApi } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { hrefOf } from '../router.ts';
import type { Claims, Page, Referral } from '../types.ts';
import { DueCell } from './due.tsx';
import { StateName } from './names.tsx';
import { Loading } from './problem.tsx';

// The hand-off of cases between agencies: the referrals the signed-in agency sent (`from=<mine>`)
// and those it received (`to=<mine>`), nearest due date first. The API lists only those the
// caller is party to, in its divisions: a receiver sees a referral once it was dispatched to it.

function ReferralTable({ part, path }: { part: 'sent' | 'received'; path: string }) {
  const { t } = useI18n();
  const list = useApi<Page<Referral>>(path);
  return (
    <div class="card" data-part={part}>
      <h3>{part === 'sent' ? t.sent : t.received}</h3>
      <Loading {...list}>
        {(page) =>
          page.items.length === 0 ? (
            <p class="muted">{t.none}</p>
          ) : (
            <table class="items">
              <thead>
                <tr>
                  <th>{t.referral}</th>
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
                  <tr key={r.id} data-referral-id={r.id}>
                    <td>
                      <a href={hrefOf({ page: 'referral', id: r.id })}>{r.id}</a>
                    </td>
                    <td>{r.caseId}</td>
                    <td>
                      {r.from} → {r.to}
                    </td>
                    <td>
                      <StateName machine="referral" state={r.state} />
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
  );
}

export function Referrals({ claims }: { claims: Claims }) {
  const { t } = useI18n();
  const list = (party: 'from' | 'to') =>
    `/referral/referrals${query({ [party]: claims.agency, sort: 'dueAt', limit: 50 })}`;
  return (
    <section class="referrals">
      <h2>{t.handOff}</h2>
      <div class="columns">
        {(REFERRAL_TARGETS as readonly string[]).includes(claims.agency) ? (
          <ReferralTable part="received" path={list('to')} />
        ) : (
          <div class="card" data-part="received">
            <h3>{t.received}</h3>
            <p class="muted">{t.receivesNone(REFERRAL_TARGETS.join(', '))}</p>
          </div>
        )}
        <ReferralTable part="sent" path={list('from')} />
      </div>
    </section>
  );
}
