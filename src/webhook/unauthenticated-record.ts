/**
 * What is kept of a request that failed authentication (no or wrong secret,
 * refused source): its size, a hash and its first characters, redacted. A
 * stranger's 64 KB body thus costs a few hundred bytes, and the record still
 * says what was tried and lets identical bodies be recognised.
 */
import { createHash } from 'node:crypto';
import { SecretRedactor } from '../logging/secret-redactor';
import { parseBody } from './signal-validation';

/** Characters of the (redacted) body kept in the record. */
export const HEAD_CHARS = 256;

export interface UnauthenticatedRecord {
  unauthenticated: true;
  size_bytes: number;
  /** sha256 of the redacted text (never of text holding a secret). */
  sha256: string;
  head: string;
}

function rawText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return JSON.stringify(body ?? '') ?? '';
}

export function unauthenticatedRecord(
  body: unknown,
  parsed: Record<string, unknown> | undefined,
  redactor: SecretRedactor,
): UnauthenticatedRecord {
  const raw = rawText(body);
  // Parsed JSON is redacted by key too ("secret": "guess…"), also when refused before it was parsed
  // (a refused source); text that is no JSON object, by the known secret values.
  const json = parsed ?? parsedOrUndefined(body);
  const text = json ? JSON.stringify(redactor.redact(json)) : redactor.redactString(raw);
  return {
    unauthenticated: true,
    size_bytes: Buffer.byteLength(raw, 'utf8'),
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    head: text.slice(0, HEAD_CHARS),
  };
}

function parsedOrUndefined(body: unknown): Record<string, unknown> | undefined {
  try {
    return parseBody(body);
  } catch {
    return undefined;
  }
}
