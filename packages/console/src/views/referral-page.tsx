import { useState } from 'preact/hooks';
import { bytesAt, useApi } from '../api.ts';
import { formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { hrefOf } from '../router.ts';
import type { DeadlineRun, ReferralRead } from '../types.ts';
import { CommandForms } from './command-form.tsx';
import { DueLine } from './due.tsx';
import { StateName } from './names.tsx';
import { Loading, ProblemView } from './problem.tsx';

// One referral as a party to it sees it: who sent it to whom and why, its documents with their
// SHA-256 (the bytes read through the API) and the receipt that signed for them by hash, its clock
// (Order 310: drafted → approved → dispatched → received → decided, each step with the due date of
// the deadline that ran up to it), and the forms of the commands its read allows the caller now.

const enc = encodeURIComponent;

type Step = 'drafted' | 'approved' | 'dispatched' | 'received' | 'decided';

/** Each step, when it happened, and the deadline that ran up to it (Order 310 sets none on receipt). */
function stepsOf(r: ReferralRead): { step: Step; at: string | null; rule: string | null }[] {
  return [
    { step: 'drafted', at: r.draftedAt, rule: null },
    { step: 'approved', at: r.approval?.decidedAt ?? null, rule: 'deadline.referral.approve' },
    { step: 'dispatched', at: r.dispatchedAt, rule: 'deadline.referral.send' },
    { step: 'received', at: r.receivedAt, rule: null },
    { step: 'decided', at: r.decisions.at(-1)?.decidedAt ?? null, rule: 'deadline.referral.decide' },
  ];
}

function Clock({ referral }: { referral: ReferralRead }) {
  const { t, lang } = useI18n();
  const deadlineOf = (rule: string | null): DeadlineRun | undefined =>
    rule ? referral.deadlines.filter((d) => d.rule === rule).at(-1) : undefined;
  return (
    <ol class="clock">
      {stepsOf(referral).map(({ step, at, rule }) => {
        const deadline = deadlineOf(rule);
        const late =
          deadline && (deadline.missed || (at !== null && Date.parse(at) > Date.parse(deadline.dueAt)));
        const running = deadline?.running && at === null;
        const item = (
          <li
            key={step}
            data-step={step}
            data-done={at !== null}
            {...(deadline ? { 'data-due': deadline.dueAt } : {})}
            class={at !== null ? 'done' : running ? 'running' : 'pending'}
          >
            <strong>{t.steps[step]}</strong>
            {at !== null ? <span class="step-at"> {formatTime(at, lang)}</span> : null}
            {deadline ? (
              <span class="step-due">
                {' '}
                · {t.dueBy} {formatTime(deadline.dueAt, lang)}
                {deadline.provisional ? ` (${t.provisional})` : ''}
              </span>
            ) : null}
            {late ? <span class="badge overdue">{t.overdue}</span> : null}
            {running && !late && referral.due?.rule === rule && referral.due.soon ? (
              <span class="badge soon">{t.dueSoon}</span>
            ) : null}
          </li>
        );
        // After the receipt, each request for supplementary material: the decision period stands
        // still from the request until the material is supplied (Order 310 art. 8).
        return step !== 'received'
          ? item
          : [
              item,
              ...referral.supplements.map((s) => (
                <li
                  key={`supplement ${s.requestedAt}`}
                  data-step="supplement"
                  data-provided={String(s.provided !== null)}
                  class={s.provided ? 'done pause' : 'running pause'}
                >
                  <strong>{t.supplements}</strong> {t.requested} {formatTime(s.requestedAt, lang)}
                  {s.provided ? ` → ${t.provided} ${formatTime(s.provided.providedAt, lang)}` : ''}{' '}
                  <span class="muted">({t.clockPaused})</span>
                </li>
              )),
            ];
      })}
    </ol>
  );
}

type Doc = ReferralRead['documents'][number];

/** The referral's documents: kind, name, size and SHA-256; the bytes of an attached one on request. */
function Documents({ referral }: { referral: ReferralRead }) {
  const { t, lang } = useI18n();
  const [problem, setProblem] = useState<Error>();
  const received = new Set(referral.receipt?.documents.map((d) => d.sha256) ?? []);
  const open = async (doc: Doc) => {
    setProblem(undefined);
    try {
      const blob = await bytesAt(
        `/referral/referrals/${enc(referral.referralId)}/documents/${enc(doc.sha256 ?? '')}`,
      );
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = doc.name ?? doc.sha256 ?? 'document';
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setProblem(error as Error);
    }
  };
  if (referral.documents.length === 0) return <p class="muted">{t.none}</p>;
  return (
    <>
      <table class="documents">
        <thead>
          <tr>
            <th>{t.documentKind}</th>
            <th>{t.documentName}</th>
            <th>SHA-256</th>
            <th>{t.received}</th>
          </tr>
        </thead>
        <tbody>
          {referral.documents.map((d, i) => (
            <tr key={d.sha256 ?? `${d.ref}-${i}`} data-sha256={d.sha256 ?? ''}>
              <td>{d.kind}</td>
              <td>
                {d.sha256 ? (
                  <button type="button" class="link" onClick={() => open(d)}>
                    {d.name ?? d.ref}
                  </button>
                ) : (
                  d.ref
                )}
                {d.size !== undefined ? <span class="muted"> ({d.size.toLocaleString()} B)</span> : null}
                {d.attachedAt ? <span class="muted"> · {formatTime(d.attachedAt, lang)}</span> : null}
              </td>
              <td>
                <code class="sha256">{d.sha256 ?? '—'}</code>
              </td>
              <td class="receipt">{d.sha256 && received.has(d.sha256) ? '✓' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {referral.requiredDocuments.missing.length > 0 ? (
        <p class="muted missing">
          {t.documentsMissing}: {referral.requiredDocuments.missing.join(', ')} (
          <code>{referral.requiredDocuments.ruleId}</code>)
        </p>
      ) : null}
      {referral.receipt ? (
        <p class="muted receipt-line">
          {t.receiptBy} {referral.receipt.receivedBy ?? ''} · {formatTime(referral.receipt.receivedAt, lang)}
        </p>
      ) : null}
      {problem ? <ProblemView error={problem} /> : null}
    </>
  );
}

/**
 * What followed the receipt: each request for supplementary material (补充材料, Order 310 art. 8;
 * the decision period stands still until it is supplied) with what was supplied, the sender's
 * requests for reconsideration of a refusal, the receiver's feedback, and a case sent back.
 */
function FollowUp({ referral: r }: { referral: ReferralRead }) {
  const { t, lang } = useI18n();
  if (r.supplements.length === 0 && r.reconsiderations.length === 0 && !r.feedback && !r.returned) {
    return <p class="muted">{t.none}</p>;
  }
  return (
    <>
      {r.supplements.length > 0 ? (
        <>
          <h4>{t.supplements}</h4>
          <ol class="supplements">
            {r.supplements.map((s) => (
              <li key={s.requestedAt} data-provided={String(s.provided !== null)}>
                {s.what}{' '}
                <span class="muted">
                  · {t.requested} {s.requestedBy ?? ''} {formatTime(s.requestedAt, lang)}
                </span>
                {s.provided ? (
                  <div class="provided">
                    {t.provided} {s.provided.providedBy ?? ''} {formatTime(s.provided.providedAt, lang)}
                    {s.provided.note ? ` · ${s.provided.note}` : ''}
                    {s.provided.documents.map((hash) => (
                      <div key={hash}>
                        <code class="sha256">{hash}</code>
                      </div>
                    ))}
                  </div>
                ) : (
                  <span class="badge soon">{t.notProvided}</span>
                )}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {r.reconsiderations.length > 0 ? (
        <>
          <h4>{t.reconsiderations}</h4>
          <ol class="reconsiderations">
            {r.reconsiderations.map((c) => (
              <li key={`${c.requestedAt}`}>
                {c.reason} <span class="muted">· {formatTime(c.requestedAt, lang)}</span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {r.feedback ? (
        <>
          <h4>{t.feedback}</h4>
          <p class="feedback">
            {r.feedback.outcome} <span class="muted">· {formatTime(r.feedback.givenAt, lang)}</span>
          </p>
        </>
      ) : null}
      {r.returned ? (
        <>
          <h4>{t.returnedCase}</h4>
          <p class="returned">
            {r.returned.reason} <span class="muted">· {formatTime(r.returned.returnedAt, lang)}</span>
          </p>
        </>
      ) : null}
    </>
  );
}

export function ReferralPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const referral = useApi<ReferralRead>(`/referral/referrals/${enc(id)}`);
  return (
    <section class="referral-page">
      <h2>
        {t.referral} <code>{id}</code>
      </h2>
      <div class="columns">
        <div class="card" data-part="referral">
          <h3>{t.facts}</h3>
          <Loading {...referral}>
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
                <dt>{t.division}</dt>
                <dd>{r.divisionCode}</dd>
                <dt>{t.state}</dt>
                <dd class="state">
                  <StateName machine="referral" state={r.state} />
                </dd>
                <dt>{t.due}</dt>
                <dd>
                  <DueLine due={r.due} />
                </dd>
                <dt>{t.reason}</dt>
                <dd>{r.reason}</dd>
                {r.decisions.length > 0 ? (
                  <>
                    <dt>{t.decision}</dt>
                    <dd>
                      {r.decisions.map((d) => (
                        <div key={`${d.decidedAt}`}>
                          {d.accepted ? t.accepted : t.refused} · {d.reason} · {formatTime(d.decidedAt, lang)}
                        </div>
                      ))}
                    </dd>
                  </>
                ) : null}
              </dl>
            )}
          </Loading>
        </div>
        <div class="card" data-part="clock">
          <h3>{t.clock}</h3>
          <Loading {...referral}>{(r) => <Clock referral={r} />}</Loading>
        </div>
      </div>
      <div class="card" data-part="documents">
        <h3>{t.documents}</h3>
        <Loading {...referral}>{(r) => <Documents referral={r} />}</Loading>
      </div>
      <div class="card" data-part="follow-up">
        <h3>{t.followUp}</h3>
        <Loading {...referral}>{(r) => <FollowUp referral={r} />}</Loading>
      </div>
      <div class="card" data-part="commands">
        <h3>{t.commands}</h3>
        <CommandForms
          targets={[
            {
              service: 'referral',
              id,
              etag: referral.etag,
              allowed: referral.data?.commandsAllowed,
              // A receipt and a supply name the documents by SHA-256: those the referral lists.
              suggested: {
                documents: referral.data?.documents.flatMap((d) => (d.sha256 ? [d.sha256] : [])) ?? [],
              },
            },
          ]}
          onDone={() => referral.reload()}
        />
      </div>
    </section>
  );
}
