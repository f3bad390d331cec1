/**
 * Every request of the dashboard goes through here: same origin, the session
 * cookie sent by the browser (never readable by this code), and the CSRF
 * token (kept in memory only) on every request that changes something. A 401
 * anywhere means the session ended: the app goes back to the sign-in form.
 */
let csrfToken: string | undefined;
let onSignedOut: () => void = () => undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(messageOf(status, body));
    this.name = 'ApiError';
  }
}

function messageOf(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { message?: unknown; error?: unknown };
    const message = Array.isArray(b.message) ? b.message.join('; ') : b.message;
    if (typeof message === 'string' && message) return message;
    if (typeof b.error === 'string' && b.error) return b.error;
  }
  return `HTTP ${status}`;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Answer<T> {
  status: number;
  body: T;
}

/** Any status: the caller decides (signals answer 4xx with a recorded outcome worth showing). */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  if (response.status === 401 && path !== '/api/admin/session') onSignedOut();
  return { status: response.status, body: parsed as T };
}

/** 2xx or an ApiError. */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const answer = await request<T>(method, path, body);
  if (answer.status < 200 || answer.status >= 300) throw new ApiError(answer.status, answer.body);
  return answer.body;
}

export const get = <T>(path: string) => api<T>('GET', path);

/** A query string from the set values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
