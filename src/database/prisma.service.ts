/**
 * The Prisma client, connected through the node-postgres driver adapter to the
 * database the DatabaseModule resolved (DATABASE_URL or the embedded server).
 */
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { RESOLVED_DATABASE, ResolvedDatabase } from './resolved-database';

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(RESOLVED_DATABASE) database: ResolvedDatabase) {
    super({ adapter: new PrismaPg({ connectionString: database.url, max: 20, connectionTimeoutMillis: 5000 }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
