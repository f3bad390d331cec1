/**
 * Owns the database: resolves and migrates it at boot, provides PrismaService,
 * and stops the embedded Postgres (when used) after everything else closed.
 */
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/app-config.module';
import { AppConfig } from '../config/app-config';
import { PrismaService } from './prisma.service';
import { RESOLVED_DATABASE, ResolvedDatabase, resolveDatabase } from './resolved-database';

@Global()
@Module({
  providers: [
    { provide: RESOLVED_DATABASE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => resolveDatabase(config) },
    PrismaService,
  ],
  exports: [PrismaService, RESOLVED_DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(RESOLVED_DATABASE) private readonly database: ResolvedDatabase) {}

  /** Runs after PrismaService disconnected (onModuleDestroy comes first). */
  async onApplicationShutdown(): Promise<void> {
    await this.database.embedded?.stop();
  }
}
