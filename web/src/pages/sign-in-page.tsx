/**
 * Sign in with the admin token. It is posted once (never put in a URL, never
 * stored by the page); the service answers with an HttpOnly session cookie.
 */
import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { request, setCsrfToken } from '../api/client';
import { keys } from '../api/queries';
import type { SessionInfo } from '../api/types';
import { ThemeToggle } from '../components/theme-toggle';

export function SignInPage({ error }: { error?: string }) {
  const client = useQueryClient();
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | undefined>(error);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const answer = await request<SessionInfo & { message?: string }>('POST', '/api/admin/session', { token });
      if (answer.status === 200) {
        setToken('');
        setCsrfToken(answer.body.csrf_token);
        client.setQueryData(keys.session, answer.body);
        return;
      }
      setProblem(
        answer.status === 401
          ? 'Wrong admin token.'
          : answer.status === 429
            ? 'Too many attempts: wait a minute.'
            : (answer.body?.message ?? `Sign-in failed (HTTP ${answer.status})`),
      );
    } catch (e) {
      setProblem(`The service cannot be reached: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">tvbridge</h1>
        <p>
          Sign in with the admin token (<code>ADMIN_TOKEN</code>; in paper mode without it, the file{' '}
          <code>admin-token</code> in the data folder).
        </p>
        <label htmlFor="admin-token">Admin token</label>
        <input
          id="admin-token"
          name="token"
          type="password"
          autoComplete="current-password"
          required
          autoFocus
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'sign-in-problem' : undefined}
        />
        <button type="submit" disabled={busy || !token}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {problem && (
          <p id="sign-in-problem" className="error-note" role="alert">
            {problem}
          </p>
        )}
        <ThemeToggle />
      </form>
    </main>
  );
}
