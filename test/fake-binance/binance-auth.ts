/**
 * Binance's request authentication, as the fake server applies it: API key
 * header, HMAC-SHA256 signature over query string + body, and the
 * timestamp/recvWindow check. Answers with Binance's codes and statuses.
 * Binance accepts the parameters and the signature in the query string, in an
 * application/x-www-form-urlencoded body, or split between the two: "totalParams
 * is defined as the query string concatenated with the request body", the
 * signature being left out wherever it travels.
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info
 * ("SIGNED (TRADE and USER_DATA) Endpoint security").
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BinanceRejection } from '../../src/exchange/paper/binance-rejection';

export interface SignedRequest {
  apiKeyHeader: string | undefined;
  rawQuery: string;
  rawBody: string;
  params: Record<string, string | undefined>;
}

export function signPayload(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** The signed part: query string then body, as sent (no separator between them), without the signature. */
function signedText(rawQuery: string, rawBody: string): string {
  const unsigned = (raw: string) =>
    raw
      .split('&')
      .filter((part) => part && !part.startsWith('signature='))
      .join('&');
  return unsigned(rawQuery) + unsigned(rawBody);
}

export function verifyApiKey(apiKeyHeader: string | undefined, apiKey: string): void {
  if (!apiKeyHeader || !/^[A-Za-z0-9_-]{1,128}$/.test(apiKeyHeader))
    throw new BinanceRejection(-2014, 'API-key format invalid.', 401);
  if (apiKeyHeader !== apiKey)
    throw new BinanceRejection(-2015, 'Invalid API-key, IP, or permissions for action, request ip: 127.0.0.1', 401);
}

export function verifySignedRequest(
  request: SignedRequest,
  apiKey: string,
  apiSecret: string,
  serverTime: number,
): void {
  verifyApiKey(request.apiKeyHeader, apiKey);
  const { timestamp, recvWindow, signature } = request.params;
  if (!timestamp || !/^\d+$/.test(timestamp))
    throw new BinanceRejection(-1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  if (!signature)
    throw new BinanceRejection(-1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
  const window = recvWindow && /^\d+$/.test(recvWindow) ? Number(recvWindow) : 5000;
  if (window > 60000) throw new BinanceRejection(-1131, 'recvWindow must be less than 60000');
  const sentAt = Number(timestamp);
  if (sentAt > serverTime + 1000)
    throw new BinanceRejection(-1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  if (serverTime - sentAt > window)
    throw new BinanceRejection(-1021, 'Timestamp for this request is outside of the recvWindow.');
  const expected = Buffer.from(signPayload(signedText(request.rawQuery, request.rawBody), apiSecret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new BinanceRejection(-1022, 'Signature for this request is not valid.');
}
