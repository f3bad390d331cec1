import { REDACTED, SecretRedactor } from './redact';

describe('secret redactor', () => {
  const redactor = new SecretRedactor(['sup3r-secret', 'api-secret-value']);

  it('redacts secret keys and secret values anywhere in plain data', () => {
    expect(redactor.redact({ secret: 'x', nested: { note: 'key is sup3r-secret!' }, list: ['api-secret-value'] })).toEqual({
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
    expect(redactor.redact({ err: new Error('bad sup3r-secret') }).err).toEqual({ type: 'Error', message: `bad ${REDACTED}` });
  });
});
