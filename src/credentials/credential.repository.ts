/** The one stored set of Binance credentials (encrypted secret). */
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { SealedSecret } from './secret-box';

const ROW_ID = 'active';

export interface StoredCredential {
  mode: 'testnet' | 'live';
  apiKey: string;
  secret: SealedSecret;
  lastCheckOk: boolean;
  lastCheckError: string | null;
  lastCheckedAt: Date;
}

@Injectable()
export class CredentialRepository {
  constructor(private readonly prisma: PrismaService) {}

  async load(): Promise<StoredCredential | undefined> {
    const row = await this.prisma.exchangeCredential.findUnique({ where: { id: ROW_ID } });
    if (!row) return undefined;
    return {
      mode: row.mode as 'testnet' | 'live',
      apiKey: row.apiKey,
      secret: { ciphertext: row.secretCiphertext, iv: row.secretIv, tag: row.secretTag },
      lastCheckOk: row.lastCheckOk,
      lastCheckError: row.lastCheckError,
      lastCheckedAt: row.lastCheckedAt,
    };
  }

  async save(credential: StoredCredential): Promise<void> {
    const data = {
      mode: credential.mode,
      apiKey: credential.apiKey,
      secretCiphertext: credential.secret.ciphertext,
      secretIv: credential.secret.iv,
      secretTag: credential.secret.tag,
      lastCheckOk: credential.lastCheckOk,
      lastCheckError: credential.lastCheckError,
      lastCheckedAt: credential.lastCheckedAt,
    };
    await this.prisma.exchangeCredential.upsert({
      where: { id: ROW_ID },
      create: { id: ROW_ID, ...data },
      update: data,
    });
  }

  async remove(): Promise<boolean> {
    const { count } = await this.prisma.exchangeCredential.deleteMany({ where: { id: ROW_ID } });
    return count > 0;
  }
}
