import { Controller, Get, Req, ServiceUnavailableException } from '@nestjs/common';
import type { Request } from 'express';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { ExchangeHealthIndicator } from './exchange.health';
import { StreamHealthIndicator } from './stream.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly exchange: ExchangeHealthIndicator,
    private readonly streams: StreamHealthIndicator,
    private readonly admin: AdminTokenGuard,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Service health: 200 when every dependency is up, 503 otherwise. With the admin token (or a dashboard ' +
      "session) also the exchange's request weight, order counts and pauses and the streams' last event",
  })
  async check(@Req() request: Request) {
    // The trading counters let whoever reads them time the trader's orders: the admin's only.
    const full = this.admin.authenticates(request);
    try {
      return await this.health.check([
        () => this.database.check(),
        () => this.exchange.check(full),
        () => this.streams.check(full),
      ]);
    } catch (error) {
      // Postgres down but the exchange up: signals still execute and their
      // records wait in the pending file, so the service is degraded, not down.
      const body =
        error instanceof ServiceUnavailableException
          ? (error.getResponse() as { details?: Record<string, { status: string }> })
          : undefined;
      if (body?.details?.exchange?.status === 'up' && body.details.database?.status === 'down') {
        throw new ServiceUnavailableException({
          ...body,
          status: 'degraded',
          note:
            'Postgres is unreachable: signals still execute, their records are kept in the pending file and ' +
            'written when it is back',
        });
      }
      throw error;
    }
  }
}
