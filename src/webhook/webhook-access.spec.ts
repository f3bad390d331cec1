import { carriesSecret, requestSecret, secretInRawText } from './webhook-access';

describe('the secret of a body that is not JSON', () => {
  it.each([
    ['{"symbol":"BTCUSDT","entry": {{close}},"secret":"s3cret-value"}', 's3cret-value'],
    ['alert: {"secret" : "s3cret-value", "symbol":"BTCUSDT"}', 's3cret-value'],
    ['{"symbol":"BTCUSDT","passphrase":"s3cret-value",}', 's3cret-value'],
    ['{"secret":"s3cret-value"', 's3cret-value'],
  ])('is read from %j', (text, secret) => {
    expect(secretInRawText(text)).toBe(secret);
    expect(secretInRawText(Buffer.from(text))).toBe(secret);
  });

  it.each([
    ['a value with an escape', '{"secret":"s3cret\\"value", x}'],
    ['an unquoted value', '{"secret": s3cret-value, x}'],
    ['a longer key', '{"my_secret":"s3cret-value", x}'],
    ['a value glued to more text', '{"secret":"s3cret-value"x, y}'],
    ['no secret', '{"symbol":"BTCUSDT",}'],
  ])('is not read from %s', (_, text) => {
    expect(secretInRawText(text)).toBeUndefined();
  });

  it('only when the body did not parse: a parsed body or the URL token say what the secret is', () => {
    const text = '{"secret":"from-text"';
    expect(requestSecret(text, undefined, undefined)).toBe('from-text');
    expect(requestSecret(text, undefined, 'from-url')).toBe('from-url');
    expect(requestSecret(text, { secret: 'parsed' }, undefined)).toBe('parsed');
    expect(requestSecret(text, { symbol: 'BTCUSDT' }, undefined)).toBeUndefined();
  });

  it('a signed invalid body counts as signed (not limited as a stranger)', () => {
    expect(carriesSecret('{"secret":"right-secret", oops}', undefined, 'right-secret')).toBe(true);
    expect(carriesSecret('{"secret":"wrong-secret", oops}', undefined, 'right-secret')).toBe(false);
  });
});
