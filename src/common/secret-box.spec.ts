import { randomBytes } from 'node:crypto';
import { maskKey, open, seal } from './secret-box';

describe('secret box', () => {
  const key = randomBytes(32);

  it('round-trips and never stores the plaintext', () => {
    const sealed = seal('my-binance-secret', key);
    expect(JSON.stringify(sealed)).not.toContain('my-binance-secret');
    expect(open(sealed, key)).toBe('my-binance-secret');
    expect(seal('my-binance-secret', key).iv).not.toBe(sealed.iv);
  });

  it('refuses a wrong key or tampered data', () => {
    const sealed = seal('secret', key);
    expect(() => open(sealed, randomBytes(32))).toThrow();
    // Every bit of the first byte flipped: always a change (replacing it by a fixed byte is none 1 time in 256).
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] ^= 0xff;
    const tampered = { ...sealed, ciphertext: bytes.toString('base64') };
    expect(() => open(tampered, key)).toThrow();
  });

  it('refuses a tag shorter than 16 bytes, even the genuine one cut short', () => {
    const sealed = seal('secret', key);
    expect(Buffer.from(sealed.tag, 'base64')).toHaveLength(16);
    const cut = { ...sealed, tag: Buffer.from(sealed.tag, 'base64').subarray(0, 4).toString('base64') };
    expect(() => open(cut, key)).toThrow(/4 bytes, not 16/);
  });

  it('masks a key to its first and last four characters', () => {
    expect(maskKey('ABCDEFGHIJKLMNOP')).toBe('ABCD********MNOP');
    expect(maskKey('short')).toBe('*****');
    expect(maskKey(undefined)).toBeNull();
  });
});
