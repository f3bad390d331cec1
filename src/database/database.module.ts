/**
 * Owns the database: resolves and migrates it at boot, provides PrismaService,
 * and stops the embedded Postgres (when used) after everything else closed.
 */
import { Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { APP_CONFIG } from '../config/app-config.module';
import { AppConfig } from '../config/app-config';
import { PrismaService } from './prisma.service';
import { RESOLVED_DATABASE, ResolvedDatabase, resolveDatabase } from './resolved-database';
import { InstancePresence } from './instance-presence';
import { PG_POOL } from './pg-pool.token';

export { PG_POOL };

function createPool(db: ResolvedDatabase): Pool {
  const pool = new Pool({ connectionString: db.url, max: 30, connectionTimeoutMillis: 1000 });
  // An idle connection dropped by the server (restart, outage) must not crash the
  // process: the pool discards it and the next query opens a new one.
  pool.on('error', (error) => new Logger('Database').warn(`idle Postgres connection lost: ${error.message}`));
  return pool;
}

@Module({
  providers: [
    { provide: RESOLVED_DATABASE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => resolveDatabase(config) },
    PrismaService,
    { provide: PG_POOL, inject: [RESOLVED_DATABASE], useFactory: createPool },
    InstancePresence,
  ],
  exports: [PrismaService, RESOLVED_DATABASE, PG_POOL, InstancePresence],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(RESOLVED_DATABASE) private readonly database: ResolvedDatabase,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** Runs after PrismaService disconnected (onModuleDestroy comes first). */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
    await this.database.embedded?.stop();
  }
}
