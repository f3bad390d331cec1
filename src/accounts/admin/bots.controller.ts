/** /api/admin/bots: CRUD for the bots (strategies: URL, secret, defaults, accounts), and each bot's kill switch. */
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards, UsePipes } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../../admin/admin-token.guard';
import { rejectNul } from '../../common/reject-nul.pipe';
import { RequestThrottlerGuard } from '../../rate-limit/request-throttler.guard';
import { BotsService } from './bots.service';
import { adminBodies } from './admin-bodies.pipe';
import { HaltDto } from './dto/account.dto';
import { CreateBotDto, UpdateBotDto } from './dto/bot.dto';

@ApiTags('accounts and bots')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(RequestThrottlerGuard, AdminTokenGuard)
@SkipThrottle({ webhook: true })
@UsePipes(rejectNul, adminBodies)
@Controller('admin/bots')
export class BotsController {
  constructor(private readonly bots: BotsService) {}

  @Get()
  @ApiOperation({
    summary: 'Every bot: webhook path, state-aware flag, defaults, accounts, kill switch (never the secret)',
  })
  list() {
    return this.bots.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One bot' })
  get(@Param('id') id: string) {
    return this.bots.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Add a bot: its URL is POST /api/bots/{slug}/webhook, its secret stored encrypted' })
  create(@Body() dto: CreateBotDto) {
    return this.bots.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a bot (account_ids replaces its list of accounts)' })
  update(@Param('id') id: string, @Body() dto: UpdateBotDto) {
    return this.bots.update(id, dto);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Remove a bot (its signals stay on record)' })
  remove(@Param('id') id: string) {
    return this.bots.remove(id);
  }

  @Post(':id/halt')
  @HttpCode(200)
  @ApiOperation({ summary: "The bot's kill switch: its alerts are recorded and answered 423, nothing is sent" })
  halt(@Param('id') id: string, @Body() dto: HaltDto) {
    return this.bots.halt(id, dto);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'The bot trades again' })
  resume(@Param('id') id: string) {
    return this.bots.resume(id);
  }
}
