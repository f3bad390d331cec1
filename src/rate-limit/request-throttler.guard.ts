/**
 * The rate limits, per client address, with @nestjs/throttler: `webhook` for
 * the TradingView routes and `admin` for the admin API, each its own bucket.
 * A webhook request carrying the secret of the route it was sent to (WEBHOOK_SECRET
 * on today's routes, the bot's own on a bot's URL) is never counted nor throttled
 * (TradingView sends every user's alerts from four addresses, and a flood of
 * strangers from the trader's own address must not silence the trader):
 * only requests without it use up the webhook limit. Every 429 is
 * counted per address and hour for the admin stats.
 */
import { ExecutionContext, HttpException, Inject, Injectable, SetMetadata, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { RequestTallyRecorder, TallyKind } from '../journal/request-tally.recorder';

export type ThrottlerName = 'webhook' | 'admin';

/**
 * Whether a request carries the secret of the route it was sent to, which lets it skip the limits (the
 * controller's module provides it: it knows its routes' secrets, the bots' included). Answered from
 * memory, so a flood of strangers costs the database nothing.
 */
export interface SignedRequestCheck {
  isSigned(req: Request): Promise<boolean>;
  /** What a throttled sender of this route should do, in the 429's suggestions. */
  throttledAdvice(req: Request): string;
}

const SIGNED_UNTHROTTLED = 'tvbridge:signed-unthrottled';
/** On a webhook controller: requests the check (a provider) accepts skip the limits. */
export const SignedRequestsUnthrottled = (check: Type<SignedRequestCheck>) => SetMetadata(SIGNED_UNTHROTTLED, check);

const TALLY: Record<ThrottlerName, TallyKind> = { webhook: 'THROTTLED_WEBHOOK', admin: 'THROTTLED_ADMIN' };

@Injectable()
export class RequestThrottlerGuard extends ThrottlerGuard {
  // Property injection: the base class's constructor takes the throttler's own providers.
  @Inject(RequestTallyRecorder) private readonly tallies!: RequestTallyRecorder;

  @Inject(ModuleRef) private readonly modules!: ModuleRef;

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const check = this.signedCheck(context);
    return check ? check.isSigned(context.switchToHttp().getRequest<Request>()) : Promise.resolve(false);
  }

  private signedCheck(context: ExecutionContext): SignedRequestCheck | undefined {
    const targets = [context.getHandler(), context.getClass()];
    const token = this.reflector.getAllAndOverride<Type<SignedRequestCheck> | undefined>(SIGNED_UNTHROTTLED, targets);
    return token && this.modules.get(token, { strict: false });
  }

  /** One bucket per limit and address, whichever route of the group was called. */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const name = detail.key.slice(0, detail.key.indexOf(':')) as ThrottlerName;
    await this.tallies.count(TALLY[name] ?? 'THROTTLED_ADMIN', detail.tracker, 0);
    const wait = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(wait));
    throw new HttpException(
      {
        success: false,
        statusCode: 429,
        error: 'Too many requests from this address',
        suggestions: [
          `Retry after ${wait} s`,
          name === 'webhook'
            ? (this.signedCheck(context)?.throttledAdvice(context.switchToHttp().getRequest<Request>()) ??
              'Put the webhook secret in the alert: signed alerts are not limited')
            : 'Slow down the admin API calls',
        ],
      },
      429,
    );
  }
}
