/**
 * The credentials saved through /api/binance/config: those of the default
 * account (its key and encrypted secret). Removing them returns the default
 * account to the environment's credentials.
 */
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { SealedSecret } from '../common/secret-box';
import { apiKeyFingerprint } from '../accounts/api-key-fingerprint';

const ROW_ID = 'default';

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
    const row = await this.prisma.account.findUnique({ where: { id: ROW_ID } });
    if (!row || row.credentialSource !== 'stored' || !row.apiKey || !row.secretCiphertext) return undefined;
    return {
      mode: row.mode as 'testnet' | 'live',
      apiKey: row.apiKey,
      secret: { ciphertext: row.secretCiphertext, iv: row.secretIv!, tag: row.secretTag! },
      lastCheckOk: row.lastCheckOk ?? false,
      lastCheckError: row.lastCheckError,
      lastCheckedAt: row.lastCheckedAt ?? row.updatedAt,
    };
  }

  /** Another account (not the default one) already trading with this key, if any. */
  otherHolderOfKey(apiKey: string): Promise<{ id: string; name: string } | null> {
    return this.prisma.account.findFirst({
      where: {
        id: { not: ROW_ID },
        OR: [{ apiKeyFingerprint: apiKeyFingerprint(apiKey) }, { apiKey, credentialSource: 'stored' }],
      },
      select: { id: true, name: true },
    });
  }

  async save(credential: StoredCredential): Promise<void> {
    const data = {
      mode: credential.mode,
      credentialSource: 'stored',
      apiKey: credential.apiKey,
      apiKeyFingerprint: apiKeyFingerprint(credential.apiKey),
      secretCiphertext: credential.secret.ciphertext,
      secretIv: credential.secret.iv,
      secretTag: credential.secret.tag,
      lastCheckOk: credential.lastCheckOk,
      lastCheckError: credential.lastCheckError,
      lastCheckedAt: credential.lastCheckedAt,
    };
    await this.prisma.account.upsert({
      where: { id: ROW_ID },
      create: { id: ROW_ID, name: 'Default', ...data },
      update: data,
    });
  }

  async remove(): Promise<boolean> {
    const { count } = await this.prisma.account.updateMany({
      where: { id: ROW_ID, credentialSource: 'stored' },
      data: ENVIRONMENT_CREDENTIALS,
    });
    return count > 0;
  }
}

/** The default account back on the environment's credentials. */
const ENVIRONMENT_CREDENTIALS = {
  mode: null,
  credentialSource: 'environment',
  apiKey: null,
  apiKeyFingerprint: null,
  secretCiphertext: null,
  secretIv: null,
  secretTag: null,
  lastCheckOk: null,
  lastCheckError: null,
  lastCheckedAt: null,
};
