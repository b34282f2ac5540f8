import { useCallback, useEffect, useState } from 'preact/hooks';
import { tokenOf } from './session.ts';

// Calls to the API of the same origin with the session's bearer token. A refusal is an ApiError
// carrying the RFC 9457 problem the API answered, shown as it is.

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: { path: string; reason: string }[];
  rule?: { id: string; source?: string };
  requestId?: string;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
  get status(): number {
    return this.problem.status;
  }
}

export interface Answer<T> {
  data: T;
  /** The ETag the API gave (an aggregate's revision, for If-Match). */
  etag: string | undefined;
}

/** Calls the API; the answer's body and ETag, or throws the problem it answered. */
export async function call<T>(
  path: string,
  init: { method?: string; body?: unknown; ifMatch?: string } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const token = tokenOf();
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.ifMatch) headers['if-match'] = init.ifMatch;
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const problem = (body && typeof body === 'object' ? body : {}) as Partial<Problem>;
    throw new ApiError({ ...problem, status: response.status, title: problem.title ?? response.statusText });
  }
  return { data: body as T, etag: response.headers.get('etag') ?? undefined };
}

/** The bytes at `path` (a referral's document), or throws the problem the API answered. */
export async function bytesAt(path: string): Promise<Blob> {
  const token = tokenOf();
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Partial<Problem>;
    throw new ApiError({ ...problem, status: response.status, title: problem.title ?? response.statusText });
  }
  return response.blob();
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  return (await call<T>(path, init)).data;
}

/** A query string of the defined values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface Loaded<T> {
  data: T | undefined;
  etag?: string | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  reload(): void;
}

/** Loads `path` (none while it is null), again when it changes, on `reload`, and every `everyMs`. */
export function useApi<T>(path: string | null, everyMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data?: T; etag?: string; error?: ApiError | Error; loading: boolean }>(
    {
      loading: path !== null,
    },
  );
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    call<T>(path).then(
      ({ data, etag }) => live && setState({ data, ...(etag ? { etag } : {}), loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  useEffect(() => {
    if (!everyMs) return;
    const timer = setInterval(reload, everyMs);
    return () => clearInterval(timer);
  }, [everyMs, reload]);
  return { data: state.data, etag: state.etag, error: state.error, loading: state.loading, reload };
}
