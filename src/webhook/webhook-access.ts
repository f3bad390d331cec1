/**
 * Who may send signals: the source address (WEBHOOK_IP_ALLOWLIST) and the
 * shared secret, which TradingView can only carry in the message ("secret" or
 * "passphrase") or in the URL (?token=). Compared in constant time; the
 * secret itself is never echoed, stored or logged.
 */
import { sameSecret } from '../common/constant-time';
import { SignalRejection } from '../common/signal-rejection';
import { parseBody } from './signal-validation';

/** Normalises IPv4-mapped IPv6 (::ffff:1.2.3.4) to the plain IPv4 form. */
export function plainAddress(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:/i, '');
}

export function checkSource(address: string | undefined, allowlist: string[] | undefined): void {
  if (!allowlist) return;
  const plain = plainAddress(address);
  if (!allowlist.includes(plain)) {
    throw new SignalRejection(`Forbidden: ${plain || 'this address'} may not send signals`, 'FORBIDDEN', 403, [
      'Add the address to WEBHOOK_IP_ALLOWLIST (or use "tradingview" for TradingView\'s senders)',
      'Behind a reverse proxy, set TRUST_PROXY so the real client address is used',
    ]);
  }
}

export function secretFrom(payload: Record<string, unknown> | undefined, queryToken: unknown): string | undefined {
  const candidates = [payload?.secret, payload?.passphrase, queryToken];
  const found = candidates.find((c) => typeof c === 'string' && c.length > 0);
  return found as string | undefined;
}

/**
 * True when the request carries the configured secret (false when none is
 * configured: then nobody is "signed"). Used before the pipeline, to keep
 * signed alerts out of the per-address limit for strangers.
 */
export function carriesSecret(body: unknown, queryToken: unknown, expected: string | undefined): boolean {
  if (!expected) return false;
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = parseBody(body);
  } catch {
    parsed = undefined;
  }
  const given = secretFrom(parsed, queryToken);
  return given !== undefined && sameSecret(given, expected);
}

export function checkSecret(given: string | undefined, expected: string | undefined): void {
  if (!expected) return;
  if (given === undefined || !sameSecret(given, expected)) {
    throw new SignalRejection(
      given === undefined ? 'Unauthorized: the webhook secret is missing' : 'Unauthorized: the webhook secret is wrong',
      'UNAUTHORIZED',
      401,
      ['Add "secret": "<WEBHOOK_SECRET>" to the alert message, or ?token=<WEBHOOK_SECRET> to the webhook URL'],
    );
  }
}
