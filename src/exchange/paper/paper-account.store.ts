/**
 * Keeps the paper account in Postgres (one JSON row), so a restart keeps paper
 * positions, balance and orders. Saves are chained: the last one written is
 * always the newest state.
 */
import { PrismaService } from '../../database/prisma.service';
import { EngineSnapshot } from './engine-state';

export interface PaperAccountStore {
  load(): Promise<EngineSnapshot | undefined>;
  save(snapshot: EngineSnapshot): Promise<void>;
}

export class PrismaPaperAccountStore implements PaperAccountStore {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly prisma: PrismaService,
    private readonly accountId = 'paper',
  ) {}

  async load(): Promise<EngineSnapshot | undefined> {
    const row = await this.prisma.paperAccount.findUnique({ where: { id: this.accountId } });
    return row ? (row.state as unknown as EngineSnapshot) : undefined;
  }

  save(snapshot: EngineSnapshot): Promise<void> {
    const state = snapshot as unknown as object;
    this.chain = this.chain
      .catch(() => undefined)
      .then(async () => {
        await this.prisma.paperAccount.upsert({
          where: { id: this.accountId },
          create: { id: this.accountId, state },
          update: { state },
        });
      });
    return this.chain;
  }
}

export class InMemoryPaperAccountStore implements PaperAccountStore {
  snapshot?: EngineSnapshot;
  async load(): Promise<EngineSnapshot | undefined> {
    return this.snapshot;
  }
  async save(snapshot: EngineSnapshot): Promise<void> {
    this.snapshot = snapshot;
  }
}
