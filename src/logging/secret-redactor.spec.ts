import { REDACTED, SecretRedactor } from './secret-redactor';

describe('secret redactor', () => {
  const redactor = new SecretRedactor(['sup3r-secret', 'api-secret-value']);

  it('redacts secret keys and secret values anywhere in plain data', () => {
    expect(
      redactor.redact({ secret: 'x', nested: { note: 'key is sup3r-secret!' }, list: ['api-secret-value'] }),
    ).toEqual({
      secret: REDACTED,
      nested: { note: `key is ${REDACTED}!` },
      list: [REDACTED],
    });
  });

  it('learns secrets at run time', () => {
    const r = new SecretRedactor([]);
    r.add('late-secret');
    expect(r.redactString('a late-secret here')).toBe(`a ${REDACTED} here`);
  });

  it('keeps live objects intact (serializers read their getters) and reduces errors to their redacted message', () => {
    class Response {
      get headersSent() {
        return true;
      }
    }
    const response = new Response();
    expect(redactor.redact({ res: response }).res).toBe(response);
    expect(redactor.redact({ err: new Error('bad sup3r-secret') }).err).toEqual({
      type: 'Error',
      message: `bad ${REDACTED}`,
    });
  });

  it('keeps "__proto__" as a plain key instead of setting the prototype', () => {
    const parsed = JSON.parse('{"__proto__":{"admin":true},"a":1}');
    const out = redactor.redact(parsed) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"admin":true},"a":1}');
  });

  it('redacts before cutting, so a secret across the cut is not half kept', () => {
    const text = `${'x'.repeat(10)}sup3r-secret`;
    expect(redactor.redactThenCut(text, 16)).toBe(`${'x'.repeat(10)}[REDAC`);
    expect(redactor.redactThenCut(text, 16)).not.toContain('sup3r');
  });

  it('redacts every one of many secrets, with regular-expression characters taken literally, longest first', () => {
    const many = new SecretRedactor(Array.from({ length: 60 }, (_, i) => `account-${i}-secret`));
    many.add('a+b(c)*d$1');
    many.add('a+b(c)*d$1-longer');
    const text = 'account-7-secret and account-59-secret, a+b(c)*d$1-longer, a+b(c)*d$1, account-60-secre';
    expect(many.redactString(text)).toBe('[REDACTED] and [REDACTED], [REDACTED], [REDACTED], account-60-secre');
  });
});
