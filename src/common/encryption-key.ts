/**
 * Stored secrets (Binance keys, bot secrets, notification channel secrets) are
 * sealed with CONFIG_ENCRYPTION_KEY. Without it nothing secret can be stored:
 * every admin write that would store one answers this 503, and secrets already
 * stored are ignored with the same words in the log.
 */
import { ServiceUnavailableException } from '@nestjs/common';

export const NO_ENCRYPTION_KEY =
  'CONFIG_ENCRYPTION_KEY is not set, so secrets cannot be stored encrypted: set it to 64 hex characters ' +
  '(e.g. `openssl rand -hex 32`) and restart';

/** The key to seal a secret with, or the 503 that says how to set one. */
export function requireEncryptionKey(key: Buffer | undefined): Buffer {
  if (!key)
    throw new ServiceUnavailableException({
      statusCode: 503,
      error: 'Service Unavailable',
      message: NO_ENCRYPTION_KEY,
    });
  return key;
}
