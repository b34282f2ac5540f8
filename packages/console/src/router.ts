import { useEffect, useState } from 'preact/hooks';

// Hash routes, so that the server serves one page: #/inbox, #/case/<id>, #/audit/<id>, #/referrals,
// #/referral/<id>, #/recommendations, #/recommendation/<id>, #/ops, #/sign-in.

export type Route =
  | { page: 'sign-in' }
  | { page: 'inbox' }
  | { page: 'case'; caseId: string }
  | { page: 'audit'; caseId: string }
  | { page: 'referrals' }
  | { page: 'referral'; id: string }
  | { page: 'recommendations' }
  | { page: 'recommendation'; id: string }
  | { page: 'ops' };

export function routeOf(hash: string): Route {
  const [page, ...rest] = hash.replace(/^#\/?/, '').split('/');
  const id = rest.length > 0 ? decodeURIComponent(rest.join('/')) : '';
  if (page === 'case' && id) return { page: 'case', caseId: id };
  if (page === 'audit' && id) return { page: 'audit', caseId: id };
  if (page === 'referral' && id) return { page: 'referral', id };
  if (page === 'recommendation' && id) return { page: 'recommendation', id };
  if (page === 'referrals') return { page: 'referrals' };
  if (page === 'recommendations') return { page: 'recommendations' };
  if (page === 'ops') return { page: 'ops' };
  if (page === 'sign-in') return { page: 'sign-in' };
  return { page: 'inbox' };
}

export function hrefOf(route: Route): string {
  if (route.page === 'case' || route.page === 'audit')
    return `#/${route.page}/${encodeURIComponent(route.caseId)}`;
  if (route.page === 'referral' || route.page === 'recommendation')
    return `#/${route.page}/${encodeURIComponent(route.id)}`;
  return `#/${route.page}`;
}

export function go(route: Route): void {
  location.hash = hrefOf(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
