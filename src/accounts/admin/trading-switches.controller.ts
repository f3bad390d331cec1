/** /api/admin/halt and /resume: the global kill switch, for every bot and account on every instance. */
import { Body, Controller, Get, HttpCode, Post, UseGuards, UsePipes } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../../admin/admin-token.guard';
import { rejectNul } from '../../common/reject-nul.pipe';
import { RequestThrottlerGuard } from '../../rate-limit/request-throttler.guard';
import { adminBodies } from './admin-bodies.pipe';
import { HaltDto } from './dto/account.dto';
import { SwitchState, TradingSwitches } from '../trading-switches';

const view = (state: SwitchState) => ({
  halted: state.halted,
  reason: state.reason,
  since: state.since?.toISOString() ?? null,
});

@ApiTags('accounts and bots')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(RequestThrottlerGuard, AdminTokenGuard)
@SkipThrottle({ webhook: true })
@UsePipes(rejectNul, adminBodies)
@Controller('admin')
export class TradingSwitchesController {
  constructor(private readonly switches: TradingSwitches) {}

  @Get('halt')
  @ApiOperation({ summary: 'Whether trading is halted globally, why and since when' })
  async state() {
    return view(await this.switches.state());
  }

  @Post('halt')
  @HttpCode(200)
  @ApiOperation({ summary: 'Global kill switch: every alert is recorded and answered 423; nothing is sent' })
  async halt(@Body() dto: HaltDto) {
    return view(await this.switches.halt(dto.reason));
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trading resumes (bot and account switches still apply)' })
  async resume() {
    return view(await this.switches.resume());
  }
}
