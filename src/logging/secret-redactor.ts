/**
 * Removes secrets from anything about to be logged or stored: values under
 * secret-looking keys, and any configured secret value wherever it appears
 * inside a string (an echoed URL, an error message, a payload).
 */
const SECRET_KEYS = new RegExp(
  '^(secret|passphrase|token|password|api_?secret|api_?key|authorization|x-mbx-apikey|signature|admin_?token|' +
    'webhook_?secret)$',
  'i',
);
export const REDACTED = '[REDACTED]';

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.test(key);
}

export class SecretRedactor {
  private readonly values: string[];
  /**
   * Every secret in one alternation, longest first, so a secret containing another is replaced whole: one
   * scan of a string whatever the number of secrets (a server with fifty accounts holds fifty of them).
   */
  private pattern?: RegExp;

  constructor(secrets: Array<string | undefined>) {
    this.values = [...new Set(secrets.filter((s): s is string => !!s && s.length >= 4))];
    this.compile();
  }

  /** Adds a secret learnt at run time (e.g. credentials saved through the API). */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4 && !this.values.includes(secret)) {
      this.values.push(secret);
      this.compile();
    }
  }

  private compile(): void {
    this.values.sort((a, b) => b.length - a.length);
    const escaped = this.values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.pattern = escaped.length ? new RegExp(escaped.join('|'), 'g') : undefined;
  }

  /**
   * Redacts, then cuts to `max` characters: cutting first could leave half a
   * secret that no longer matches the whole value.
   */
  redactThenCut(text: string, max: number): string {
    return this.redactString(text).slice(0, max);
  }

  redactString(text: string): string {
    return this.pattern ? text.replace(this.pattern, REDACTED) : text;
  }

  redact<T>(value: T, depth = 0): T {
    if (depth > 20) return REDACTED as unknown as T;
    if (typeof value === 'string') return this.redactString(value) as unknown as T;
    if (Array.isArray(value)) return (value as unknown[]).map((item) => this.redact(item, depth + 1)) as unknown as T;
    if (value instanceof Error) return { type: value.name, message: this.redactString(value.message) } as unknown as T;
    // Only plain data is copied: live objects (a response, a socket) keep their
    // prototype so serializers still read their getters.
    if (!value || typeof value !== 'object') return value;
    const prototype = Object.getPrototypeOf(value) as object | null;
    if (prototype === Object.prototype || prototype === null) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        const secret = isSecretKey(key) && item !== undefined && item !== null && item !== '';
        const redacted = secret ? REDACTED : this.redact(item, depth + 1);
        // Defined, not assigned: `out["__proto__"] = …` would set the prototype and the key would vanish.
        if (key === '__proto__') {
          Object.defineProperty(out, key, { value: redacted, enumerable: true, writable: true, configurable: true });
        } else out[key] = redacted;
      }
      return out as T;
    }
    return value;
  }
}
