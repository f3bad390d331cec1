/** /api/admin/accounts: CRUD for the Binance (and paper) accounts, and each account's kill switch. */
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards, UsePipes } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../../admin/admin-token.guard';
import { rejectNul } from '../../common/reject-nul.pipe';
import { RequestThrottlerGuard } from '../../rate-limit/request-throttler.guard';
import { AccountsService } from './accounts.service';
import { adminBodies } from './admin-bodies.pipe';
import { CreateAccountDto, HaltDto, UpdateAccountDto } from './dto/account.dto';

@ApiTags('accounts and bots')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(RequestThrottlerGuard, AdminTokenGuard)
@SkipThrottle({ webhook: true })
@UsePipes(rejectNul, adminBodies)
@Controller('admin/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Every account: mode, masked key, sizing multiplier, limits, enabled, kill switch' })
  list() {
    return this.accounts.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account' })
  get(@Param('id') id: string) {
    return this.accounts.get(id);
  }

  @Post()
  @ApiOperation({
    summary: 'Add an account (testnet/live keys are checked against Binance, the secret stored encrypted)',
  })
  create(@Body() dto: CreateAccountDto) {
    return this.accounts.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an account (new keys are checked again)' })
  update(@Param('id') id: string, @Body() dto: UpdateAccountDto) {
    return this.accounts.update(id, dto);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Remove an account without executions on record (otherwise disable it)' })
  remove(@Param('id') id: string) {
    return this.accounts.remove(id);
  }

  @Post(':id/halt')
  @HttpCode(200)
  @ApiOperation({ summary: "The account's kill switch: its executions are refused (423), nothing is sent" })
  halt(@Param('id') id: string, @Body() dto: HaltDto) {
    return this.accounts.halt(id, dto);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'The account trades again' })
  resume(@Param('id') id: string) {
    return this.accounts.resume(id);
  }
}
