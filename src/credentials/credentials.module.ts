/** Owns the Binance credentials saved through the API (encrypted at rest) and switching to them. */
import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { CredentialRepository } from './credential.repository';
import { CredentialsController } from './credentials.controller';
import { CredentialsService } from './credentials.service';
import { DatabaseModule } from '../database/database.module';
import { ExchangeModule } from '../exchange/exchange.module';

@Module({
  imports: [DatabaseModule, ExchangeModule, AdminModule, RateLimitModule],
  controllers: [CredentialsController],
  providers: [CredentialsService, CredentialRepository],
})
export class CredentialsModule {}
