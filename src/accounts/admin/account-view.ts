/** How the admin API shows an account: the key masked, the secret never, the mode always. */
import type { Account } from '../../generated/prisma/client';
import type { AppConfig } from '../../config/app-config';
import { maskKey } from '../../common/secret-box';

export interface AccountView {
  id: string;
  name: string;
  mode: string;
  credential_source: string;
  api_key: string | null;
  api_secret_set: boolean;
  sizing_multiplier: string;
  max_leverage: number | null;
  max_position_value_usdt: string | null;
  enabled: boolean;
  halted: boolean;
  halt_reason: string | null;
  halted_at: string | null;
  last_check_ok: boolean | null;
  last_checked_at: string | null;
  created_at: string;
  updated_at: string;
  /** What needs the trader's attention (a Binance key shared with another account). */
  warnings: string[];
}

/** The mode an account trades in: the environment's for the default account while it follows it. */
export function effectiveMode(account: Account, config: AppConfig): string {
  return account.credentialSource === 'environment' ? config.exchangeMode : (account.mode ?? 'paper');
}

export function accountView(account: Account, config: AppConfig, sharedKeyWarning?: string): AccountView {
  const environment = account.credentialSource === 'environment';
  const apiKey = environment ? config.binanceApiKey : account.apiKey;
  return {
    id: account.id,
    name: account.name,
    mode: effectiveMode(account, config),
    credential_source: account.credentialSource,
    api_key: maskKey(apiKey ?? undefined),
    api_secret_set: environment ? !!config.binanceApiSecret : account.secretCiphertext !== null,
    sizing_multiplier: account.sizingMultiplier.toString(),
    max_leverage: account.maxLeverage,
    max_position_value_usdt: account.maxPositionValueUsdt?.toString() ?? null,
    enabled: account.enabled,
    halted: account.halted,
    halt_reason: account.haltReason,
    halted_at: account.haltedAt?.toISOString() ?? null,
    last_check_ok: account.lastCheckOk,
    last_checked_at: account.lastCheckedAt?.toISOString() ?? null,
    created_at: account.createdAt.toISOString(),
    updated_at: account.updatedAt.toISOString(),
    warnings: sharedKeyWarning ? [sharedKeyWarning] : [],
  };
}
