import { useMemo, useState } from 'preact/hooks';
import { I18n, LABELS, type Lang, savedLang, saveLang } from './i18n.ts';
import { go, hrefOf, useRoute } from './router.ts';
import { claimsOf, dropToken, tokenOf } from './session.ts';
import { Auditor } from './views/auditor.tsx';
import { CasePage } from './views/case-page.tsx';
import { Inbox } from './views/inbox.tsx';
import { Ops } from './views/ops.tsx';
import { RecommendationPage, Recommendations } from './views/recommendations.tsx';
import { ReferralPage } from './views/referral-page.tsx';
import { Referrals } from './views/referrals.tsx';
import { SignIn } from './views/sign-in.tsx';

export function App() {
  const [lang, setLang] = useState<Lang>(savedLang);
  const [token, setToken] = useState(tokenOf);
  const route = useRoute();
  const i18n = useMemo(() => ({ lang, t: LABELS[lang] }), [lang]);
  const { t } = i18n;
  const claims = claimsOf(token);

  const toggleLang = () => {
    const next = lang === 'zh' ? 'en' : 'zh';
    saveLang(next);
    setLang(next);
  };
  const signedIn = () => {
    setToken(tokenOf());
    go({ page: 'inbox' });
  };
  const signOut = () => {
    dropToken();
    setToken(null);
    go({ page: 'sign-in' });
  };

  let page = <SignIn onSignedIn={signedIn} />;
  if (token && route.page !== 'sign-in') {
    if (route.page === 'case') page = <CasePage key={route.caseId} caseId={route.caseId} />;
    else if (route.page === 'audit') page = <Auditor key={route.caseId} caseId={route.caseId} />;
    else if (route.page === 'referral') page = <ReferralPage key={route.id} id={route.id} />;
    else if (route.page === 'referrals' && claims) page = <Referrals claims={claims} />;
    else if (route.page === 'recommendation') page = <RecommendationPage key={route.id} id={route.id} />;
    else if (route.page === 'recommendations') page = <Recommendations />;
    else if (route.page === 'ops') page = <Ops />;
    else if (claims) page = <Inbox claims={claims} />;
    else
      page = (
        <>
          <p class="problem" role="alert" data-status="401">
            {t.unreadableToken}
          </p>
          <SignIn onSignedIn={signedIn} />
        </>
      );
  }

  return (
    <I18n.Provider value={i18n}>
      <header>
        <h1>
          <a href={hrefOf({ page: 'inbox' })}>landcase · {t.appTitle}</a>
        </h1>
        <nav aria-label={t.appTitle}>
          {token ? (
            <>
              <a href={hrefOf({ page: 'inbox' })}>{t.inbox}</a>
              <a href={hrefOf({ page: 'referrals' })}>{t.handOff}</a>
              <a href={hrefOf({ page: 'recommendations' })}>{t.recommendations}</a>
              <a href={hrefOf({ page: 'ops' })}>{t.ops}</a>
            </>
          ) : null}
        </nav>
        <div class="who">
          {claims ? (
            <span class="claims" title={claims.sub}>
              {t.signedInAs}: {claims.agency} · {claims.division} · {claims.roles.join(', ')}
            </span>
          ) : null}
          <button type="button" class="lang" onClick={toggleLang}>
            {t.language}
          </button>
          {token ? (
            <button type="button" onClick={signOut}>
              {t.signOut}
            </button>
          ) : null}
        </div>
      </header>
      <main>{page}</main>
    </I18n.Provider>
  );
}
