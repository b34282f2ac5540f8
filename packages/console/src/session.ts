import type { Claims } from './types.ts';

// The bearer token lives in sessionStorage: gone with the tab. Its claims are read only to say who
// is signed in; what may be seen and done is the API's answer alone.

const TOKEN_KEY = 'landcase.token';

export const tokenOf = (): string | null => sessionStorage.getItem(TOKEN_KEY);

export function keepToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token.trim());
}

export function dropToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The token's claims, or null when it is no JWT. Not verified: the server does that. */
export function claimsOf(token: string | null): Claims | null {
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Partial<Claims>;
    return claims.agency && claims.division && Array.isArray(claims.roles) ? (claims as Claims) : null;
  } catch {
    return null;
  }
}
