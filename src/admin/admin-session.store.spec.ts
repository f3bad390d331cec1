import { AdminSessionStore, SESSION_LIFETIME_MS } from './admin-session.store';

describe('AdminSessionStore', () => {
  afterEach(() => jest.useRealTimers());

  it('finds a session by its id only, with its own CSRF token', () => {
    const store = new AdminSessionStore();
    const a = store.create();
    const b = store.create();
    expect(a.id).not.toBe(b.id);
    expect(a.csrfToken).not.toBe(b.csrfToken);
    expect(store.find(a.id)?.csrfToken).toBe(a.csrfToken);
    expect(store.find(`${a.id}x`)).toBeUndefined();
    expect(store.find(undefined)).toBeUndefined();
    expect(store.find(a.csrfToken)).toBeUndefined();
  });

  it('accepts only the exact CSRF token of the session', () => {
    const store = new AdminSessionStore();
    const a = store.create();
    const b = store.create();
    const session = store.find(a.id)!;
    expect(store.csrfMatches(session, a.csrfToken)).toBe(true);
    expect(store.csrfMatches(session, b.csrfToken)).toBe(false);
    expect(store.csrfMatches(session, '')).toBe(false);
    expect(store.csrfMatches(session, undefined)).toBe(false);
  });

  it('ends a session on sign-out, and every session after its lifetime', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const store = new AdminSessionStore();
    const a = store.create();
    const b = store.create();
    store.end(a.id);
    expect(store.find(a.id)).toBeUndefined();
    jest.setSystemTime(1_000_000 + SESSION_LIFETIME_MS - 1);
    expect(store.find(b.id)).toBeDefined();
    jest.setSystemTime(1_000_000 + SESSION_LIFETIME_MS);
    expect(store.find(b.id)).toBeUndefined();
  });

  it('keeps at most 200 sessions, ending the oldest first', () => {
    const store = new AdminSessionStore();
    const first = store.create();
    const rest = Array.from({ length: 200 }, () => store.create());
    expect(store.find(first.id)).toBeUndefined();
    expect(store.find(rest[0].id)).toBeDefined();
    expect(store.find(rest[199].id)).toBeDefined();
  });
});
