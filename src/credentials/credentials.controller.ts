/** /api/binance/config: save, show (masked) and remove the Binance credentials. Admin token required. */
import { Body, Controller, Delete, Get, HttpCode, Post, UseGuards, UsePipes, ValidationPipe } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { rejectNul } from '../common/reject-nul.pipe';
import { RequestThrottlerGuard } from '../rate-limit/request-throttler.guard';
import { SaveCredentialsDto } from './credentials.dto';
import { CredentialsService } from './credentials.service';

@ApiTags('configuration')
@ApiBearerAuth('admin')
@UseGuards(RequestThrottlerGuard, AdminTokenGuard)
@SkipThrottle({ webhook: true })
@UsePipes(rejectNul)
@Controller('binance/config')
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check Binance API credentials against the exchange, store them encrypted and switch to them (no restart)',
  })
  save(@Body(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true })) dto: SaveCredentialsDto) {
    return this.credentials.save(dto);
  }

  @Get()
  @ApiOperation({ summary: 'The credentials in use: mode, masked key, last check' })
  describe() {
    return this.credentials.describe();
  }

  @Delete()
  @ApiOperation({ summary: "Forget stored credentials and return to the environment's settings" })
  remove() {
    return this.credentials.remove();
  }
}
