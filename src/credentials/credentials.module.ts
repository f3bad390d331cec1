/** Owns the Binance credentials saved through the API (encrypted at rest) and switching to them. */
import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { CredentialRepository } from './credential.repository';
import { CredentialsController } from './credentials.controller';
import { CredentialsService } from './credentials.service';

@Module({
  imports: [AdminModule],
  controllers: [CredentialsController],
  providers: [CredentialsService, CredentialRepository],
})
export class CredentialsModule {}
