/**
 * The account streams on GET /api/health: connected, the age of the last
 * message, reconnects, and whether signals can trade on the streamed state
 * (fresh) or read over REST (and why), and how many of the bots' other
 * accounts are connected and fresh. Always "up": without the streams the
 * service trades as before, over REST.
 */
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ACCOUNT_STREAM, type AccountStream } from '../exchange/streams/account-stream.port';
import { LiveAccountStateService } from '../positions/account-state/live-account-state.service';
import { AccountLiveStates } from '../positions/account-state/account-live-states';
import { STALE_REASONS } from '../positions/account-state/stream-health';

@Injectable()
export class StreamHealthIndicator {
  constructor(
    @Inject(ACCOUNT_STREAM) private readonly stream: AccountStream,
    private readonly state: LiveAccountStateService,
    private readonly accounts: AccountLiveStates,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** `full`: with the age of the last event (it times the account's activity: the admin's only). */
  check(full = false): HealthIndicatorResult {
    const stream = this.stream.health();
    const state = this.state.health();
    return this.indicators.check('streams').up({
      enabled: stream.enabled,
      connected: stream.connected,
      ...(full ? { lastEventAgeMs: stream.lastEventAt === undefined ? null : Date.now() - stream.lastEventAt } : {}),
      reconnects: stream.reconnects,
      stateFresh: state.fresh,
      staleReason: state.staleReason ? STALE_REASONS[state.staleReason] : null,
      resyncs: state.resyncs,
      // The bots' other live and testnet accounts, each on its own user-data stream.
      accounts: this.accounts.health(),
    });
  }
}
