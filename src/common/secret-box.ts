/** AES-256-GCM for credentials at rest: a fresh IV per secret, the full 16-byte auth tag checked on decrypt. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * GCM accepts shorter tags unless told otherwise: a 4-byte tag would be
 * checked on 4 bytes only, and forged in about 2^32 tries. Pinned to the full 16.
 */
const TAG_BYTES = 16;

export interface SealedSecret {
  ciphertext: string;
  iv: string;
  tag: string;
}

export function seal(plaintext: string, key: Buffer): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    ciphertext: ciphertext.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

/** Throws when the key is wrong or the data was tampered with. */
export function open(sealed: SealedSecret, key: Buffer): string {
  const tag = Buffer.from(sealed.tag, 'base64');
  if (tag.length !== TAG_BYTES) {
    throw new Error(`the stored authentication tag is ${tag.length} bytes, not ${TAG_BYTES}: refusing to decrypt`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
}

/** First 4 and last 4 characters; short keys are masked whole. */
export function maskKey(key: string | undefined): string | null {
  if (!key) return null;
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 4)}${'*'.repeat(Math.min(key.length - 8, 16))}${key.slice(-4)}`;
}
