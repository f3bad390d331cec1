/**
 * Signing in and out of the dashboard: the admin token, posted once, is
 * exchanged for a session cookie (HttpOnly, SameSite=Strict, Secure over
 * HTTPS, path /api) and a CSRF token that the page keeps in memory and sends
 * with every state-changing request. The answer also says where orders go
 * (paper, testnet or live), which the dashboard shows on every page.
 */
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
  UseGuards,
  UsePipes,
  ValidationPipe,
} from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AdminSessionStore, SESSION_COOKIE, SESSION_LIFETIME_MS } from '../admin/admin-session.store';
import { ADMIN_TOKEN } from '../admin/admin-token';
import { AdminTokenGuard, sessionCookie } from '../admin/admin-token.guard';
import { rejectNul } from '../common/reject-nul.pipe';
import { sameSecret } from '../common/constant-time';
import { EXCHANGE, ExchangePort } from '../exchange/exchange.port';
import { RequestThrottlerGuard } from '../rate-limit/request-throttler.guard';
import { SignInDto } from './dto/sign-in.dto';

@ApiTags('dashboard')
@UseGuards(RequestThrottlerGuard)
@SkipThrottle({ webhook: true })
@UsePipes(rejectNul)
@Controller('admin/session')
export class AdminSessionController {
  constructor(
    @Inject(ADMIN_TOKEN) private readonly token: string,
    @Inject(EXCHANGE) private readonly exchange: ExchangePort,
    private readonly sessions: AdminSessionStore,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with the admin token: sets the session cookie, answers the CSRF token' })
  @ApiUnauthorizedResponse({ description: 'Wrong admin token' })
  signIn(
    @Body(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true })) dto: SignInDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!sameSecret(dto.token, this.token)) throw new UnauthorizedException('Wrong admin token');
    this.sessions.end(sessionCookie(req));
    const session = this.sessions.create();
    res.cookie(SESSION_COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/api',
      maxAge: SESSION_LIFETIME_MS,
    });
    return this.describe(session.csrfToken, session.expiresAt);
  }

  @Get()
  @UseGuards(AdminTokenGuard)
  @ApiBearerAuth('admin')
  @ApiOperation({ summary: "The current session's CSRF token and the exchange mode (paper, testnet, live)" })
  current(@Req() req: Request) {
    const session = this.sessions.find(sessionCookie(req));
    return this.describe(session?.csrfToken, session?.expiresAt);
  }

  @Delete()
  @HttpCode(200)
  @UseGuards(AdminTokenGuard)
  @ApiOperation({ summary: 'Sign out: ends the session and clears its cookie (X-CSRF-Token required)' })
  signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    this.sessions.end(sessionCookie(req));
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/api' });
    return { signed_out: true };
  }

  private describe(csrfToken: string | undefined, expiresAt: number | undefined) {
    const { mode, host } = this.exchange.venue;
    return {
      ...(csrfToken ? { csrf_token: csrfToken, expires_at: new Date(expiresAt!).toISOString() } : {}),
      exchange: { mode, host },
    };
  }
}
