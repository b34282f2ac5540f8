import { useApi } from '../api.ts';
import { formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import type { DeadLetters, Streams } from '../types.ts';
import { Loading } from './problem.tsx';

// The streams (relays' lag, consumer groups' counts, DLQ depth) and the pending dead letters, read
// again every few seconds. Both need the `ops` role: without it the API's 403 is shown.

export const OPS_REFRESH_MS = 5_000;

export function Ops() {
  const { t, lang } = useI18n();
  const streams = useApi<Streams>('/ops/streams', OPS_REFRESH_MS);
  const letters = useApi<DeadLetters>('/ops/dlq?limit=50', OPS_REFRESH_MS);
  return (
    <section class="ops">
      <h2>{t.ops}</h2>
      <p class="muted">
        {t.refreshedAt} {formatTime(new Date().toISOString(), lang)}
      </p>
      <div class="card" data-part="streams">
        <h3>{t.streams}</h3>
        <Loading {...streams}>
          {(s) => (
            <>
              <p>
                {t.dlqDepth}: <strong>{s.dlqDepth ?? '—'}</strong>
              </p>
              <h4>{t.relays}</h4>
              <table>
                <thead>
                  <tr>
                    <th />
                    <th>position</th>
                    <th>head</th>
                    <th>{t.lag}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.relays.map((r) => (
                    <tr key={r.service}>
                      <td>{r.service}</td>
                      <td>{r.position ?? '—'}</td>
                      <td>{r.head ?? '—'}</td>
                      <td class={r.lagEvents > 0 ? 'warn' : ''}>{r.lagEvents}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h4>{t.consumers}</h4>
              <table>
                <thead>
                  <tr>
                    <th />
                    <th>handled</th>
                    <th>retried</th>
                    <th>dead-lettered</th>
                    <th>duplicates</th>
                  </tr>
                </thead>
                <tbody>
                  {s.consumers.map((c) => (
                    <tr key={c.group}>
                      <td>{c.group}</td>
                      <td>{c.handled}</td>
                      <td>{c.retried}</td>
                      <td class={c.deadLettered > 0 ? 'warn' : ''}>{c.deadLettered}</td>
                      <td>{c.duplicates}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </Loading>
      </div>
      <div class="card" data-part="dlq">
        <h3>{t.dlq}</h3>
        <Loading {...letters}>
          {(d) =>
            d.items.length === 0 ? (
              <p class="muted">{t.none}</p>
            ) : (
              <table>
                <tbody>
                  {d.items.map((l) => (
                    <tr key={l.id}>
                      <td>
                        <code>{l.id}</code>
                      </td>
                      <td>{l.group}</td>
                      <td>{l.eventType}</td>
                      <td>{l.error}</td>
                      <td>{formatTime(l.deadAt, lang)}</td>
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
