/**
 * POST /api/admin/signals: a signal fired by hand (the dashboard's form, its
 * close buttons). It runs the webhook's own pipeline, so it is validated,
 * de-duplicated, sized, checked and recorded like any alert; the record's
 * source is "admin-dashboard". The admin session (or bearer token) stands for
 * the webhook secret and the address allowlist.
 */
import { Body, Controller, Post, Query, Res, UseGuards, UsePipes } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { queryValidation } from '../admin/query-validation.pipe';
import { RequestThrottlerGuard } from '../rate-limit/request-throttler.guard';
import { WebhookSignalDto } from '../webhook/dto/webhook-signal.dto';
import { SignalPipeline } from '../webhook/signal-pipeline';
import { WEBHOOK_EXAMPLES } from '../webhook/webhook-examples';
import { ManualSignalQueryDto } from './dto/manual-signal-query.dto';

/** Recorded as the signal's source address, so the history tells hand-fired signals apart. */
export const DASHBOARD_SOURCE = 'admin-dashboard';

@ApiTags('dashboard')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(RequestThrottlerGuard, AdminTokenGuard)
@SkipThrottle({ webhook: true })
@Controller('admin')
export class ManualSignalController {
  constructor(private readonly pipeline: SignalPipeline) {}

  @Post('signals')
  @UsePipes(queryValidation)
  @ApiBody({ type: WebhookSignalDto, examples: WEBHOOK_EXAMPLES })
  @ApiOperation({
    summary: 'Fire a signal by hand: the webhook pipeline and answer, recorded with source admin-dashboard',
    description:
      'No webhook secret needed (the admin token or session stands for it). Same status codes as the webhook.',
  })
  async fire(@Query() query: ManualSignalQueryDto, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const answer = await this.pipeline.handle(query.route, { body, clientIp: DASHBOARD_SOURCE, fromDashboard: true });
    res.status(answer.httpStatus);
    return answer.body;
  }
}
