/**
 * GET /api/admin/events: server-sent events for the dashboard, one `signal`
 * event each time a signal is recorded (received, then its outcome), and a
 * `ping` every 25 s so proxies keep the stream open. Behind the admin guard;
 * a stream opened with a session ends when that session does (sign-out).
 */
import { Controller, MessageEvent, Req, Res, Sse, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { interval, map, merge, Observable, takeWhile } from 'rxjs';
import { AdminSessionStore } from '../admin/admin-session.store';
import { AdminTokenGuard, sessionCookie } from '../admin/admin-token.guard';
import { SignalEvents } from '../journal/signal-events';
import { RequestThrottlerGuard } from '../rate-limit/request-throttler.guard';

const PING_EVERY_MS = 25_000;

@ApiTags('dashboard')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(RequestThrottlerGuard, AdminTokenGuard)
@SkipThrottle({ webhook: true })
@Controller('admin')
export class LiveEventsController {
  constructor(
    private readonly events: SignalEvents,
    private readonly sessions: AdminSessionStore,
  ) {}

  @Sse('events')
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Server-sent events: `signal` as each signal is recorded, `ping` every 25 s' })
  stream(@Req() req: Request, @Res({ passthrough: true }) res: Response): Observable<MessageEvent> {
    // Nginx and some proxies buffer responses unless told not to.
    res.setHeader('X-Accel-Buffering', 'no');
    const cookie = req.headers.authorization ? undefined : sessionCookie(req);
    const stillSignedIn = () => cookie === undefined || this.sessions.find(cookie) !== undefined;
    const signals = this.events.stream().pipe(map((event): MessageEvent => ({ type: 'signal', data: event })));
    const pings = interval(PING_EVERY_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    return merge(signals, pings).pipe(takeWhile(stillSignedIn));
  }
}
