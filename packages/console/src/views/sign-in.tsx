import { AGENCIES, ROLES } from '@landcase/contracts/enums';
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { keepToken } from '../session.ts';
import type { Agency, Role } from '../types.ts';
import { ProblemView } from './problem.tsx';

// Development: the server signs a token for the chosen agency, division and roles (POST /dev/token,
// which exists only outside production with the development secret). Production: paste a token.

export function SignIn({ onSignedIn }: { onSignedIn(): void }) {
  const { t } = useI18n();
  const [agency, setAgency] = useState<Agency>('nrb');
  const [division, setDivision] = useState('141181');
  const [roles, setRoles] = useState<Role[]>(['officer']);
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<Error>();
  const [devOff, setDevOff] = useState(false);

  const signIn = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const { token } = await api<{ token: string }>('/dev/token', {
        method: 'POST',
        body: { agency, division, roles },
      });
      keepToken(token);
      onSignedIn();
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setDevOff(true);
      else setError(e as Error);
    }
  };
  const usePasted = (event: Event) => {
    event.preventDefault();
    keepToken(pasted.replace(/^Bearer\s+/i, ''));
    onSignedIn();
  };
  const toggle = (role: Role) =>
    setRoles((now) => (now.includes(role) ? now.filter((r) => r !== role) : [...now, role]));

  return (
    <section class="sign-in">
      <form onSubmit={signIn} class="card" aria-label={t.devSignIn}>
        <h2>{t.devSignIn}</h2>
        <p class="muted">{t.devSignInHint}</p>
        {devOff ? <p class="problem">{t.devSignInOff}</p> : null}
        <label>
          {t.agency}
          <select
            name="agency"
            value={agency}
            onChange={(e) => setAgency((e.target as HTMLSelectElement).value as Agency)}
          >
            {AGENCIES.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.division}
          <input
            name="division"
            value={division}
            required
            pattern="[0-9]{6}([0-9]{3})?"
            inputMode="numeric"
            onInput={(e) => setDivision((e.target as HTMLInputElement).value.trim())}
          />
        </label>
        <fieldset>
          <legend>{t.roles}</legend>
          {ROLES.map((role) => (
            <label key={role} class="inline">
              <input
                type="checkbox"
                name="roles"
                value={role}
                checked={roles.includes(role)}
                onChange={() => toggle(role)}
              />
              {role}
            </label>
          ))}
        </fieldset>
        {error ? <ProblemView error={error} /> : null}
        <button type="submit" disabled={roles.length === 0}>
          {t.signIn}
        </button>
      </form>
      <form onSubmit={usePasted} class="card" aria-label={t.pasteToken}>
        <h2>{t.pasteToken}</h2>
        <textarea
          name="token"
          aria-label={t.pasteToken}
          rows={4}
          value={pasted}
          onInput={(e) => setPasted((e.target as HTMLTextAreaElement).value)}
        />
        <button type="submit" disabled={pasted.trim() === ''}>
          {t.useToken}
        </button>
      </form>
    </section>
  );
}
