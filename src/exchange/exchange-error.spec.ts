import { exchangeErrorFromBinance, exchangeErrorFromHttp, exchangeTimeoutError } from './exchange-error';
import { BINANCE_ERROR_TABLE } from './exchange-error-table';

describe('exchange errors', () => {
  const required = [
    ...[-1021, -1022, -2014, -2015, -1121, -1111, -1013, -4164, -2019, -2027, -2022, -4061, -4046, -4048, -4028, -1003],
    ...[-1015, -4120, -4161, -4168, -4202, -4203, -4400, -4401, -5028],
  ];

  it.each(required)('the table has advice for %i', (code) => {
    const advice = BINANCE_ERROR_TABLE[code];
    expect(advice).toBeDefined();
    expect(advice.title.length).toBeGreaterThan(3);
    if (advice.kind !== 'no-op') expect(advice.suggestions.length).toBeGreaterThan(0);
  });

  it('keeps the Binance code and message in the documented error format', () => {
    const error = exchangeErrorFromBinance(-2019, 'Margin is insufficient.', 400);
    expect(error.message).toBe('Binance API error (Code -2019): Margin is insufficient.');
    expect(error).toMatchObject({
      code: -2019,
      httpStatus: 400,
      kind: 'rejected',
      exchangeMessage: 'Margin is insufficient.',
    });
    expect(error.outcomeUnknown).toBe(false);
  });

  it("names the paper exchange when it refused, with Binance's code and advice", () => {
    const error = exchangeErrorFromBinance(-2019, 'Margin is insufficient.', 400).onPaper();
    expect(error.message).toBe('Paper exchange error (Code -2019), as Binance would answer: Margin is insufficient.');
    expect(error).toMatchObject({ code: -2019, kind: 'rejected', venue: 'paper' });
    expect(error.executableUntil(1).message).toMatch(/^Paper exchange error/);
  });

  it('treats -4046 as nothing to change', () => {
    expect(exchangeErrorFromBinance(-4046, 'No need to change margin type.').kind).toBe('no-op');
  });

  it('reads an IP ban and its end from -1003', () => {
    const now = 1_700_000_000_000;
    const error = exchangeErrorFromBinance(
      -1003,
      `Way too many requests; IP banned until ${now + 120_000}. Please use the websocket.`,
      undefined,
      undefined,
      now,
    );
    expect(error).toMatchObject({ kind: 'banned', httpStatus: 418, retryAfterMs: 120_000 });
  });

  it('treats a plain -1003 as rate limiting', () => {
    expect(
      exchangeErrorFromBinance(-1003, 'Too many requests; current limit is 2400 requests per minute.'),
    ).toMatchObject({ kind: 'rate-limited', httpStatus: 429 });
  });

  it('classifies HTTP failures without a Binance body', () => {
    expect(exchangeErrorFromHttp(503, '<html>Service Unavailable</html>')).toMatchObject({
      kind: 'unavailable',
      httpStatus: 503,
      exchangeMessage: 'HTTP 503: Service Unavailable',
    });
    expect(exchangeErrorFromHttp(429, '', 3000)).toMatchObject({ kind: 'rate-limited', retryAfterMs: 3000 });
    expect(exchangeErrorFromHttp(418, '')).toMatchObject({ kind: 'banned' });
    expect(exchangeTimeoutError(2500)).toMatchObject({ kind: 'timeout', outcomeUnknown: true });
  });

  it('gives unknown codes a generic but honest answer', () => {
    expect(exchangeErrorFromBinance(-9999, 'Something new.', 400)).toMatchObject({ kind: 'unknown', code: -9999 });
    expect(exchangeErrorFromBinance(-9999, 'Something new.', 502)).toMatchObject({ kind: 'unavailable' });
  });

  it("never carries the server's egress address Binance quotes (request ip)", () => {
    for (const ip of ['203.0.113.7', '2001:db8::1', '::ffff:127.0.0.1']) {
      const error = exchangeErrorFromBinance(
        -2015,
        `Invalid API-key, IP, or permissions for action, request ip: ${ip}`,
        401,
      );
      expect(error.message).toBe('Binance API error (Code -2015): Invalid API-key, IP, or permissions for action');
      expect(error.exchangeMessage).not.toContain(ip);
      expect(JSON.stringify(error.init())).not.toContain(ip);
    }
  });
});
