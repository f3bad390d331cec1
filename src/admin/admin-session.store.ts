/**
 * Browser sessions of the admin API (the dashboard): signing in with the
 * admin token gives a random session id, kept by the browser in an HttpOnly,
 * SameSite=Strict cookie, and a CSRF token the page sends back in a header
 * with every state-changing request. So the admin token is typed once and is
 * never kept by the page, nor put in a URL. Sessions live in this instance's
 * memory: a restart (or another instance) asks to sign in again. Only a hash
 * of each session id is kept.
 */
import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { sameSecret } from '../common/constant-time';

export const SESSION_COOKIE = 'tvbridge_session';
export const CSRF_HEADER = 'x-csrf-token';
/** A session ends 12 hours after sign-in, however active. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** Enough for every browser an operator uses; the oldest session ends first beyond it. */
const MAX_SESSIONS = 200;

interface StoredSession {
  csrfToken: string;
  expiresAt: number;
}

export interface NewSession {
  id: string;
  csrfToken: string;
  expiresAt: number;
}

const hashOf = (id: string) => createHash('sha256').update(id).digest('base64url');

@Injectable()
export class AdminSessionStore {
  private readonly sessions = new Map<string, StoredSession>();

  create(): NewSession {
    this.dropExpired();
    while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    const id = randomBytes(32).toString('base64url');
    const session = { csrfToken: randomBytes(32).toString('base64url'), expiresAt: Date.now() + SESSION_LIFETIME_MS };
    this.sessions.set(hashOf(id), session);
    return { id, ...session };
  }

  /** The live session with this id, or undefined (unknown, ended or expired). */
  find(id: string | undefined): StoredSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(hashOf(id));
    if (!session) return undefined;
    if (session.expiresAt <= Date.now()) {
      this.sessions.delete(hashOf(id));
      return undefined;
    }
    return session;
  }

  /** True when the header carries this session's CSRF token (compared in constant time). */
  csrfMatches(session: StoredSession, header: string | undefined): boolean {
    return header !== undefined && sameSecret(header, session.csrfToken);
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(hashOf(id));
  }

  private dropExpired(): void {
    const now = Date.now();
    for (const [key, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(key);
  }
}
