/** How the admin API shows a bot: its URL and accounts, never its secret. */
import type { Bot } from '../generated/prisma/client';

export interface BotView {
  id: string;
  name: string;
  slug: string;
  webhook_path: string;
  webhook_secret_set: boolean;
  state_aware: boolean;
  defaults: unknown;
  account_ids: string[];
  enabled: boolean;
  halted: boolean;
  halt_reason: string | null;
  halted_at: string | null;
  created_at: string;
  updated_at: string;
}

export type BotWithAccounts = Bot & { accounts: Array<{ accountId: string }> };

export const DEFAULT_BOT_ID = 'default';

/** The default bot answers on today's routes; every other on its own. */
export function webhookPath(bot: Pick<Bot, 'id' | 'slug'>): string {
  return bot.id === DEFAULT_BOT_ID ? '/api/binance/advanced-trading-webhook' : `/api/bots/${bot.slug}/webhook`;
}

/** `webhookSecretSet`: whether WEBHOOK_SECRET is set, which the default bot uses. */
export function botView(bot: BotWithAccounts, webhookSecretSet: boolean): BotView {
  return {
    id: bot.id,
    name: bot.name,
    slug: bot.slug,
    webhook_path: webhookPath(bot),
    webhook_secret_set: bot.id === DEFAULT_BOT_ID ? webhookSecretSet : bot.secretCiphertext !== null,
    state_aware: bot.stateAware,
    defaults: bot.defaults,
    account_ids: bot.accounts.map((a) => a.accountId).sort(),
    enabled: bot.enabled,
    halted: bot.halted,
    halt_reason: bot.haltReason,
    halted_at: bot.haltedAt?.toISOString() ?? null,
    created_at: bot.createdAt.toISOString(),
    updated_at: bot.updatedAt.toISOString(),
  };
}
