/**
 * A Binance API key's fingerprint: one key may trade one account only (two accounts on one key would
 * send every alert twice to the same Binance account). Kept in its own column under a unique index,
 * so the rule holds under concurrent saves; the migration that added the column computes the same
 * value in SQL (encode(sha256(convert_to('binance-api-key:' || key, 'UTF8')), 'hex')).
 */
import { createHash } from 'node:crypto';

export function apiKeyFingerprint(apiKey: string): string {
  return createHash('sha256').update(`binance-api-key:${apiKey}`, 'utf8').digest('hex');
}

interface KeyHolder {
  id: string;
  name: string;
  apiKey: string | null;
  credentialSource: string;
}

/**
 * Accounts that share one Binance key with another (saved before the rule, or the environment's key of
 * the default account): one warning per account naming the others. Pure.
 */
export function sharedKeyWarnings(accounts: KeyHolder[], environmentKey: string | undefined): Map<string, string> {
  const byKey = new Map<string, KeyHolder[]>();
  for (const account of accounts) {
    const key = account.credentialSource === 'environment' ? environmentKey : account.apiKey;
    if (!key) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), account]);
  }
  const warnings = new Map<string, string>();
  for (const holders of byKey.values()) {
    if (holders.length < 2) continue;
    for (const account of holders) {
      const others = holders.filter((h) => h !== account).map((h) => `"${h.name}" (${h.id})`);
      warnings.set(
        account.id,
        `The same Binance API key as account ${others.join(', ')}: an alert to both is sent twice to one ` +
          'Binance account. Give one of them a key of its own (PATCH /api/admin/accounts/{id} with api_key ' +
          'and api_secret) or disable it',
      );
    }
  }
  return warnings;
}
