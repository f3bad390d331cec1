import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selfSignedCertificate, TestCertificate } from '../../test/support/tls-certificate';
import { parseEnv } from './app-config';
import { ConfigError } from './env-readers';

function failure(env: Record<string, string>): ConfigError {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('HOST and TLS settings', () => {
  let dir: string;
  let one: TestCertificate;
  let other: TestCertificate;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tvbridge-tls-'));
    one = selfSignedCertificate(dir, 'one');
    other = selfSignedCertificate(dir, 'other');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('binds 0.0.0.0 over plain HTTP by default, as before', () => {
    expect(parseEnv({})).toMatchObject({ host: '0.0.0.0', tls: undefined });
  });

  it.each(['127.0.0.1', '::', '::1', '10.0.0.5', 'localhost'])('accepts HOST=%s', (host) => {
    expect(parseEnv({ HOST: host }).host).toBe(host);
  });

  it.each(['http://0.0.0.0', '127.0.0.1:3000', 'a b'])('refuses HOST=%s in one line', (host) => {
    const error = failure({ HOST: host });
    expect(error.variable).toBe('HOST');
    expect(error.message).not.toContain('\n');
  });

  it('loads a matching certificate and key', () => {
    const config = parseEnv({ TLS_CERT_FILE: one.certFile, TLS_KEY_FILE: one.keyFile });
    expect(config.tls).toMatchObject({ certFile: one.certFile, keyFile: one.keyFile });
    expect(config.tls!.cert.toString()).toBe(one.cert);
  });

  it('refuses, in one line naming the variable, every broken pair', () => {
    const notPem = path.join(dir, 'not-pem');
    writeFileSync(notPem, 'hello');
    const unreadable = path.join(dir, 'unreadable.key');
    writeFileSync(unreadable, 'x');
    chmodSync(unreadable, 0o000);
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ TLS_CERT_FILE: one.certFile }, 'TLS_KEY_FILE', /required when TLS_CERT_FILE is set/],
      [{ TLS_KEY_FILE: one.keyFile }, 'TLS_CERT_FILE', /required when TLS_KEY_FILE is set/],
      [
        { TLS_CERT_FILE: path.join(dir, 'missing.crt'), TLS_KEY_FILE: one.keyFile },
        'TLS_CERT_FILE',
        /cannot be read \(ENOENT/,
      ],
      [{ TLS_CERT_FILE: notPem, TLS_KEY_FILE: one.keyFile }, 'TLS_CERT_FILE', /must be a PEM certificate/],
      [{ TLS_CERT_FILE: one.certFile, TLS_KEY_FILE: notPem }, 'TLS_KEY_FILE', /must be a PEM private key/],
      [{ TLS_CERT_FILE: one.certFile, TLS_KEY_FILE: other.keyFile }, 'TLS_KEY_FILE', /does not fit TLS_CERT_FILE/],
      [{ TLS_CERT_FILE: one.keyFile, TLS_KEY_FILE: one.keyFile }, 'TLS_CERT_FILE', /must be a PEM certificate/],
      [{ TLS_CERT_FILE: one.certFile, TLS_KEY_FILE: dir }, 'TLS_KEY_FILE', /cannot be read \(EISDIR/],
    ];
    // root reads any file whatever its mode: the unreadable case needs an ordinary user.
    if (process.getuid?.() !== 0)
      cases.push([
        { TLS_CERT_FILE: one.certFile, TLS_KEY_FILE: unreadable },
        'TLS_KEY_FILE',
        /cannot be read \(EACCES/,
      ]);
    for (const [env, variable, problem] of cases) {
      const error = failure(env);
      expect({ env, variable: error.variable }).toEqual({ env, variable });
      expect(error.message).toMatch(problem);
      expect(error.message).not.toContain('\n');
    }
  });
});
