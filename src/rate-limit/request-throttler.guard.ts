/**
 * The rate limits, per client address, with @nestjs/throttler: `webhook` for
 * the TradingView routes and `admin` for the admin API, each its own bucket.
 * A webhook request carrying the right secret is never counted nor throttled
 * (TradingView sends every user's alerts from four addresses, and a flood of
 * strangers from the trader's own address must not silence the trader):
 * only unauthenticated requests use up the webhook limit. Every 429 is
 * counted per address and hour for the admin stats.
 */
import { ExecutionContext, HttpException, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { RequestTallyRecorder, TallyKind } from '../journal/request-tally.recorder';

export type ThrottlerName = 'webhook' | 'admin';

/** Whether a request carries the secret that lets it skip the limits (the controller knows its own secret). */
export type SignedRequestCheck = (req: Request, config: AppConfig) => boolean;

const SIGNED_UNTHROTTLED = 'tvbridge:signed-unthrottled';
/** On a webhook controller: requests the check accepts (carrying the webhook secret) skip the limits. */
export const SignedRequestsUnthrottled = (isSigned: SignedRequestCheck) => SetMetadata(SIGNED_UNTHROTTLED, isSigned);

const TALLY: Record<ThrottlerName, TallyKind> = { webhook: 'THROTTLED_WEBHOOK', admin: 'THROTTLED_ADMIN' };

@Injectable()
export class RequestThrottlerGuard extends ThrottlerGuard {
  // Property injection: the base class's constructor takes the throttler's own providers.
  @Inject(APP_CONFIG) private readonly config!: AppConfig;
  @Inject(RequestTallyRecorder) private readonly tallies!: RequestTallyRecorder;

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isSigned = this.reflector.getAllAndOverride<SignedRequestCheck | undefined>(SIGNED_UNTHROTTLED, targets);
    if (!isSigned) return Promise.resolve(false);
    return Promise.resolve(isSigned(context.switchToHttp().getRequest<Request>(), this.config));
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
            ? 'Put the webhook secret in the alert: signed alerts are not limited'
            : 'Slow down the admin API calls',
        ],
      },
      429,
    );
  }
}
