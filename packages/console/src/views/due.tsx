import { formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import type { Due } from '../types.ts';

/** An item's due date and its badges: `due` when the API gives it, else the `overdue` flag alone. */
export function DueCell({
  due,
  overdue,
  overdueSince,
}: {
  due?: Due | null;
  overdue: boolean;
  overdueSince: string | null;
}) {
  const { t, lang } = useI18n();
  const late = due?.overdue ?? overdue;
  return (
    <span class="due">
      {due ? <span>{formatTime(due.at, lang)}</span> : null}
      {due?.provisional ? <span class="muted"> ({t.provisional})</span> : null}
      {late ? (
        <span
          class="badge overdue"
          title={overdueSince ? `${t.overdueSince} ${formatTime(overdueSince, lang)}` : ''}
        >
          {t.overdue}
        </span>
      ) : due?.soon ? (
        <span class="badge soon">{t.dueSoon}</span>
      ) : null}
    </span>
  );
}
