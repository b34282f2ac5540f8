import { ApiError } from '../api.ts';
import { useI18n } from '../i18n.ts';

/** A refusal as the API gave it: its status in words, detail, policy entry and each field's reason. */
export function ProblemView({ error }: { error: Error }) {
  const { t } = useI18n();
  if (!(error instanceof ApiError)) {
    return (
      <div class="problem" role="alert">
        {t.problem}: {error.message}
      </div>
    );
  }
  const { problem } = error;
  const headline =
    problem.status === 412
      ? t.changedMeanwhile
      : problem.status === 404
        ? t.notFound
        : problem.status === 403
          ? t.forbidden
          : problem.status === 401
            ? t.unauthenticated
            : `${t.problem} ${problem.status}`;
  return (
    <div class={`problem status-${problem.status}`} role="alert" data-status={problem.status}>
      <strong>{headline}</strong>
      {problem.detail ? <span> — {problem.detail}</span> : null}
      {problem.rule ? <div class="rule">{problem.rule.id}</div> : null}
      {problem.errors && problem.errors.length > 0 ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.path}>
              <code>{e.path || '/'}</code> {e.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The loaded part, or the problem, or a loading line. */
export function Loading<T>({
  data,
  error,
  children,
}: {
  data: T | undefined;
  error: Error | undefined;
  children: (data: T) => preact.ComponentChildren;
}) {
  const { t } = useI18n();
  if (error) return <ProblemView error={error} />;
  if (data === undefined) return <p class="muted">{t.loading}</p>;
  return <>{children(data)}</>;
}
