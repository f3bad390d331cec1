/** GET /api/admin/klines: a symbol's candles through the exchange port, for the dashboard's chart. */
import { Controller, Get, Inject, Query, UseGuards, UsePipes } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { queryValidation } from '../admin/query-validation.pipe';
import { rejectNul } from '../common/reject-nul.pipe';
import { EXCHANGE, ExchangePort } from '../exchange/exchange.port';
import { RequestThrottlerGuard } from '../rate-limit/request-throttler.guard';
import { KlinesQueryDto } from './dto/klines-query.dto';

@ApiTags('dashboard')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(RequestThrottlerGuard, AdminTokenGuard)
@SkipThrottle({ webhook: true })
@UsePipes(rejectNul, queryValidation)
@Controller('admin')
export class KlinesController {
  constructor(@Inject(EXCHANGE) private readonly exchange: ExchangePort) {}

  @Get('klines')
  @ApiOperation({
    summary:
      "Candles of a symbol, oldest first: Binance's public klines (testnet, live), the paper engine's price path (paper)",
  })
  async klines(@Query() query: KlinesQueryDto) {
    const klines = await this.exchange.klines(query.symbol, query.interval, query.limit);
    return {
      symbol: query.symbol,
      interval: query.interval,
      exchange: { mode: this.exchange.venue.mode, host: this.exchange.venue.host },
      klines: klines.map((k) => ({
        open_time: k.openTime,
        close_time: k.closeTime,
        open: k.open.toFixed(),
        high: k.high.toFixed(),
        low: k.low.toFixed(),
        close: k.close.toFixed(),
        volume: k.volume.toFixed(),
      })),
    };
  }
}
