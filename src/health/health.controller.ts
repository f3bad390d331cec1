import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
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
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Service health: 200 when every dependency is up, 503 otherwise' })
  async check() {
    try {
      return await this.health.check([
        () => this.database.check(),
        () => this.exchange.check(),
        () => this.streams.check(),
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
