/** The one stored row of notification settings; the channel secrets are sealed (AES-256-GCM). */
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../database/prisma.service';
import { Prisma } from '../../generated/prisma/client';
import { SealedSecret } from '../../common/secret-box';
import type { StoredChannelOptions } from './notification-settings';

const ROW_ID = 'active';

export interface StoredRow {
  options: StoredChannelOptions;
  sealedSecrets?: SealedSecret;
}

@Injectable()
export class NotificationSettingsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async load(): Promise<StoredRow | undefined> {
    const row = await this.prisma.notificationSettings.findUnique({ where: { id: ROW_ID } });
    if (!row) return undefined;
    const sealed =
      row.secretCiphertext && row.secretIv && row.secretTag
        ? { ciphertext: row.secretCiphertext, iv: row.secretIv, tag: row.secretTag }
        : undefined;
    return { options: row.settings as StoredChannelOptions, sealedSecrets: sealed };
  }

  async save(row: StoredRow): Promise<void> {
    const data = {
      settings: row.options as Prisma.InputJsonValue,
      secretCiphertext: row.sealedSecrets?.ciphertext ?? null,
      secretIv: row.sealedSecrets?.iv ?? null,
      secretTag: row.sealedSecrets?.tag ?? null,
    };
    await this.prisma.notificationSettings.upsert({
      where: { id: ROW_ID },
      create: { id: ROW_ID, ...data },
      update: data,
    });
  }

  async remove(): Promise<boolean> {
    const { count } = await this.prisma.notificationSettings.deleteMany({ where: { id: ROW_ID } });
    return count > 0;
  }
}
