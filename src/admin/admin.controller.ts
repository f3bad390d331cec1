/**
 * The admin REST API for reviewing what the service did: signals, orders,
 * statistics, live positions, a CSV export, and replaying a failed signal.
 * Every route needs the admin bearer token.
 */
import { Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards, UsePipes } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DEFAULT_ACCOUNT_ID } from '../accounts/account.repository';
import { AccountEventsService } from '../account-events/account-events.service';
import { PnlQueryDto } from '../account-events/dto/pnl-query.dto';
import { AccountEventDto, PnlResponseDto } from '../account-events/dto/pnl-response.dto';
import { ProtectionRepository } from '../journal/protection.repository';
import { rejectNul } from '../common/reject-nul.pipe';
import { SignalHistoryRepository } from '../journal/signal-history.repository';
import { RequestThrottlerGuard } from '../rate-limit/request-throttler.guard';
import { AdminTokenGuard } from './admin-token.guard';
import { CSV_COLUMNS, csvLine } from './csv-export';
import {
  OrdersQueryDto,
  PositionsQueryDto,
  ProtectionQueryDto,
  SignalsQueryDto,
  WindowQueryDto,
} from './dto/history-query.dto';
import { queryValidation } from './query-validation.pipe';
import { ReplayService } from './replay.service';
import { TradeHistoryService } from './trade-history.service';

@ApiTags('admin')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@ApiTooManyRequestsResponse({
  description: 'Too many admin requests from this address (ADMIN_RATE_LIMIT_PER_MINUTE; Retry-After)',
})
@UseGuards(RequestThrottlerGuard, AdminTokenGuard)
@SkipThrottle({ webhook: true })
@UsePipes(rejectNul, queryValidation)
@ApiExtraModels(AccountEventDto)
@Controller('admin')
export class AdminController {
  constructor(
    private readonly history: TradeHistoryService,
    private readonly repository: SignalHistoryRepository,
    private readonly replays: ReplayService,
    private readonly protection: ProtectionRepository,
    private readonly accountEvents: AccountEventsService,
  ) {}

  @Get('signals')
  @ApiOperation({ summary: 'Signals, newest first, with filters and cursor pagination' })
  signals(@Query() query: SignalsQueryDto) {
    return this.history.signals(query);
  }

  @Get('signals/:id')
  @ApiOperation({ summary: 'One signal with its calculation, orders (request and response) and error' })
  signal(@Param('id') id: string) {
    return this.history.signal(id);
  }

  @Post('signals/:id/replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run a failed or rejected signal again, as a new signal linked to the original',
    description:
      'Only signals that passed the secret and source checks can be replayed. One replay per original ' +
      'at a time, and none once one went through: otherwise 409 with replay_id. A bot alert is replayed to ' +
      'the bot as it is now (kill switches: 423; its current defaults and enabled accounts), trading only the ' +
      'accounts with nothing through yet for it; the others are listed in skipped_accounts with the reason. ' +
      "One account's execution is not replayed on its own (409 naming its alert).",
  })
  @ApiConflictResponse({
    description:
      'Not replayable (status, failed authentication, an execution of a bot alert, a bot alert with no ' +
      'account left to trade or whose bot is gone), or another replay of the original is running ' +
      'or went through (replay_id)',
  })
  replay(@Param('id') id: string) {
    return this.replays.replay(id);
  }

  @Get('orders')
  @ApiOperation({ summary: 'Exchange orders, newest first, with filters and cursor pagination' })
  orders(@Query() query: OrdersQueryDto) {
    return this.history.orders(query);
  }

  @Get('stats')
  @ApiOperation({
    summary:
      'Counts per status and symbol, executed volume, success rate, latency percentiles, ' +
      'throttled and unauthenticated requests over a window',
  })
  stats(@Query() query: WindowQueryDto) {
    return this.history.stats(query);
  }

  @Get('pnl')
  @ApiOperation({
    summary: 'Realised PnL, fees, funding and net per UTC day or per symbol, from the recorded account events',
    description:
      'Of the account traded on now. trades: fills that realised PnL (wins: positive, losses: negative); ' +
      "fees: commissions paid in the symbol's quote asset; net = realized_pnl − fees + funding.",
  })
  @ApiOkResponse({ type: PnlResponseDto })
  pnl(@Query() query: PnlQueryDto) {
    return this.accountEvents.pnl(query);
  }

  @Get('protection')
  @ApiOperation({ summary: 'Open protection (stop loss, take profits, trailing stops) per symbol, as last checked' })
  openProtection(@Query() query: ProtectionQueryDto) {
    return this.history.openProtection(query.symbol);
  }

  @Get('positions')
  @ApiOperation({
    summary:
      "An account's open positions and USDT balance, live from its exchange (account_id; default: the default " +
      'account); 404 for an unknown account',
  })
  positions(@Query() query: PositionsQueryDto) {
    return this.history.positions(query.account_id);
  }

  @Get('export.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary:
      'Executed orders of a window as CSV (streamed), then the protective orders that filled; ' +
      'account_id: one account only',
  })
  async exportCsv(@Query() query: WindowQueryDto, @Res() res: Response): Promise<void> {
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', 'attachment; filename="executed-orders.csv"');
    res.write(csvLine([...CSV_COLUMNS]));
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    const owner = { botId: query.bot_id, accountId: query.account_id };
    for await (const page of this.repository.executedOrders(from, to, owner)) {
      res.write(
        page
          .map((o) =>
            csvLine([
              o.createdAt.toISOString(),
              o.signalId,
              o.clientOrderId,
              o.exchangeOrderId,
              o.symbol,
              o.purpose,
              o.side,
              o.positionSide,
              o.quantity.toFixed(),
              o.executedQty?.toFixed(),
              o.avgPrice?.toFixed(),
              o.cumQuote?.toFixed(),
              o.status,
              o.signal.accountId ?? DEFAULT_ACCOUNT_ID,
              o.signal.exchangeMode,
            ]),
          )
          .join(''),
      );
    }
    // Protective orders fill on the exchange, not through an order of ours: their fills follow.
    for (const p of await this.protection.filled(from, to, owner)) {
      const quantity = p.quantity?.toFixed();
      const quote = p.quantity && p.fillPrice ? p.quantity.mul(p.fillPrice).toFixed() : undefined;
      const order = [p.filledAt?.toISOString(), p.signalId, p.clientAlgoId, p.actualOrderId, p.symbol, p.kind];
      const fill = [p.side, p.positionSide, quantity, quantity, p.fillPrice?.toFixed(), quote, 'FILLED'];
      const where = [p.signal.accountId ?? DEFAULT_ACCOUNT_ID, p.signal.exchangeMode];
      res.write(csvLine([...order, ...fill, ...where]));
    }
    res.end();
  }
}
