import { formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import type { Due } from '../types.ts';
import { RuleName } from './names.tsx';

/** The badge of a due date: overdue (or a deadline recorded missed), else due soon, else none. */
function DueBadge({
  due,
  overdue,
  overdueSince,
}: {
  due: Due | null;
  overdue: boolean;
  overdueSince?: string | null;
}) {
  const { t, lang } = useI18n();
  if (due?.overdue ?? overdue) {
    return (
      <span
        class="badge overdue"
        title={overdueSince ? `${t.overdueSince} ${formatTime(overdueSince, lang)}` : ''}
      >
        {t.overdue}
      </span>
    );
  }
  return due?.soon ? <span class="badge soon">{t.dueSoon}</span> : null;
}

/** A list item's due date (China time) and its badge. */
export function DueCell({
  due,
  overdue,
  overdueSince,
}: {
  due: Due | null;
  overdue: boolean;
  overdueSince: string | null;
}) {
  const { t, lang } = useI18n();
  return (
    <span class="due">
      {due ? <span>{formatTime(due.at, lang)}</span> : null}
      {due?.provisional ? <span class="muted"> ({t.provisional})</span> : null}
      <DueBadge due={due} overdue={overdue} overdueSince={overdueSince} />
    </span>
  );
}

/** A lifecycle's next deadline on its page: the rule, the date in China time, working days left, the badge. */
export function DueLine({ due }: { due: Due | null }) {
  const { t, lang } = useI18n();
  if (!due) {
    return (
      <p class="due-line muted" data-due="none">
        {t.due}: {t.none}
      </p>
    );
  }
  return (
    <p class="due-line" data-due={due.at} data-rule={due.rule}>
      {t.due}: <span class="due-at">{formatTime(due.at, lang)}</span>{' '}
      <span class="days-left">{t.workingDaysLeft(due.workingDaysLeft)}</span>
      {due.provisional ? <span class="muted"> ({t.provisional})</span> : null}{' '}
      <DueBadge due={due} overdue={false} /> <RuleName rule={due.rule} />
    </p>
  );
}
