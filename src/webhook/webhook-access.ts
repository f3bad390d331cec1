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
 * The secret of a body that is not valid JSON (an unquoted {{close}}, a trailing comma, text before the
 * JSON): the first `"secret": "…"` (or `"passphrase"`) pair of its text, when that pair is itself plain
 * JSON: a quoted key at the start of the text or after `{` or `,`, a colon, and a quoted value of
 * printable characters without escapes (at most 256). Anything looser is no secret: the request stays
 * unauthenticated. Compared in constant time like any secret.
 */
export function secretInRawText(body: unknown): string | undefined {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  if (typeof text !== 'string') return undefined;
  const pair = /(?:^|[{,])\s*"(?:secret|passphrase)"\s*:\s*"([\x20-\x21\x23-\x5b\x5d-\x7e]{1,256})"\s*(?=[,}]|$)/.exec(
    text.slice(0, 65536),
  );
  return pair?.[1];
}

/** The secret a request carries: the parsed body's, the URL's, or, when the body is not JSON, its text's. */
export function requestSecret(
  body: unknown,
  parsed: Record<string, unknown> | undefined,
  queryToken: unknown,
): string | undefined {
  return secretFrom(parsed, queryToken) ?? (parsed ? undefined : secretInRawText(body));
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
  const given = requestSecret(body, parsed, queryToken);
  return given !== undefined && sameSecret(given, expected);
}

/** `botSlug`: the alert came to this bot's URL, whose own secret it must carry (the advice says so). */
/** `onBot`: the alert came to a bot's URL, whose own secret it must carry (the advice says so). */
export function checkSecret(given: string | undefined, expected: string | undefined, onBot = false): void {
  if (!expected) return;
  if (given === undefined || !sameSecret(given, expected)) {
    const which = onBot ? "the bot's webhook secret" : 'the webhook secret';
    throw new SignalRejection(
      given === undefined ? `Unauthorized: ${which} is missing` : `Unauthorized: ${which} is wrong`,
      'UNAUTHORIZED',
      401,
      [
        onBot
          ? 'Add "secret": "<the bot\'s webhook_secret>" to the alert message, or ?token=<the bot\'s ' +
            "webhook_secret> to the bot's URL (WEBHOOK_SECRET does not open a bot; set a new secret with " +
            'PATCH /api/admin/bots/{id} {"webhook_secret": "…"})'
          : 'Add "secret": "<WEBHOOK_SECRET>" to the alert message, or ?token=<WEBHOOK_SECRET> to the webhook URL',
      ],
    );
  }
}
