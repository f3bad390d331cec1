/**
 * Admin routes need `Authorization: Bearer <ADMIN_TOKEN>` (compared in
 * constant time), or a dashboard session cookie (admin-session.store.ts). A
 * request authenticated by the cookie that changes anything must also carry
 * the session's CSRF token in X-CSRF-Token: the cookie alone (which a browser
 * could attach to a forged request) never changes state.
 */
import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import { sameSecret } from '../common/constant-time';
import { AdminSessionStore, CSRF_HEADER, SESSION_COOKIE } from './admin-session.store';
import { ADMIN_TOKEN } from './admin-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session cookie's value, read from the Cookie header (no other cookie matters here). */
export function sessionCookie(request: Request): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    @Inject(ADMIN_TOKEN) private readonly token: string,
    private readonly sessions: AdminSessionStore,
  ) {}

  /** Whether the request carries the admin token or a dashboard session (for reads that show more to the admin). */
  authenticates(request: Request): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (match) return sameSecret(match[1], this.token);
    return this.sessions.find(sessionCookie(request)) !== undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (match && sameSecret(match[1], this.token)) return true;
    const session = match ? undefined : this.sessions.find(sessionCookie(request));
    if (!session) {
      throw new UnauthorizedException('Missing or wrong admin token: send Authorization: Bearer <ADMIN_TOKEN>');
    }
    if (!SAFE_METHODS.has(request.method) && !this.sessions.csrfMatches(session, request.header(CSRF_HEADER))) {
      throw new ForbiddenException(
        'Missing or wrong CSRF token: a dashboard session changes state only with its X-CSRF-Token header',
      );
    }
    return true;
  }
}
