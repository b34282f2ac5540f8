import { formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import type { TimelineEntry } from '../types.ts';

/** The audit timeline: when, what, who (actor, agency, division) and under which rule set. */
export function TimelineTable({ entries }: { entries: TimelineEntry[] }) {
  const { t, lang } = useI18n();
  return (
    <table class="timeline">
      <thead>
        <tr>
          <th>#</th>
          <th>{t.time}</th>
          <th>{t.event}</th>
          <th>{t.actor}</th>
          <th>{t.agency}</th>
          <th>{t.division}</th>
          <th>{t.ruleSetVersion}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} data-event={e.name}>
            <td>{e.sequence}</td>
            <td>{formatTime(e.time, lang)}</td>
            <td>
              {e.service}.<strong>{e.name}</strong>
              {e.deadlineMissed ? <span class="badge overdue">{t.overdue}</span> : null}
            </td>
            <td>{e.actor}</td>
            <td>{e.agency}</td>
            <td>{e.division}</td>
            <td>{e.ruleSetVersion ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
