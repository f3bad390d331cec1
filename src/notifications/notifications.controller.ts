/**
 * /api/admin/notifications: channel settings (secrets masked), a test message,
 * and delivery status. Admin token required.
 */
import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, UseGuards, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { queryValidation } from '../admin/query-validation.pipe';
import { DeliveriesQueryDto } from './dto/deliveries-query.dto';
import { NotificationSettingsDto } from './dto/notification-settings.dto';
import { NotificationTester } from './notification-tester';
import { DeliveryHistoryRepository } from './outbox/delivery-history.repository';
import { NotificationSettingsService } from './settings/notification-settings.service';

@ApiTags('notifications')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(AdminTokenGuard)
@Controller('admin/notifications')
export class NotificationsController {
  constructor(
    private readonly settings: NotificationSettingsService,
    private readonly tester: NotificationTester,
    private readonly deliveries: DeliveryHistoryRepository,
  ) {}

  @Get('settings')
  @ApiOperation({ summary: 'Channels in force (environment, or saved here): enabled, masked secrets, event switches' })
  describe() {
    return this.settings.describe();
  }

  @Put('settings')
  @ApiOperation({
    summary: 'Save channel settings (secrets encrypted with CONFIG_ENCRYPTION_KEY); null forgets a saved value',
  })
  update(@Body(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true })) dto: NotificationSettingsDto) {
    return this.settings.update(dto);
  }

  @Delete('settings')
  @ApiOperation({ summary: "Forget saved channel settings and return to the environment's" })
  reset() {
    return this.settings.reset();
  }

  @Post('test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a test message to each enabled channel and report each result' })
  test() {
    return this.tester.sendTest();
  }

  @Get('deliveries')
  @ApiOperation({
    summary: 'Delivery status per message and channel, newest first (pending, sending, delivered, failed)',
  })
  list(@Query(queryValidation) query: DeliveriesQueryDto) {
    return this.deliveries.page(query);
  }
}
