/** GET /api/admin/klines: a symbol's candles through the exchange port, for the dashboard's chart. */
import { Controller, Get, Query, UseGuards, UsePipes } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { queryValidation } from '../admin/query-validation.pipe';
import { rejectNul } from '../common/reject-nul.pipe';
import { RequestThrottlerGuard } from '../rate-limit/request-throttler.guard';
import { KlinesQueryDto } from './dto/klines-query.dto';
import { KlinesService } from './klines.service';

@ApiTags('dashboard')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(RequestThrottlerGuard, AdminTokenGuard)
@SkipThrottle({ webhook: true })
@UsePipes(rejectNul, queryValidation)
@Controller('admin')
export class KlinesController {
  constructor(private readonly klinesService: KlinesService) {}

  @Get('klines')
  @ApiOperation({
    summary:
      "Candles of a symbol, oldest first: Binance's public klines (testnet, live), " +
      "the paper engine's price path (paper)",
  })
  klines(@Query() query: KlinesQueryDto) {
    return this.klinesService.klines(query);
  }
}
