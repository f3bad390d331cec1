/**
 * HTTPS without a reverse proxy: the certificate chain and private key named by
 * TLS_CERT_FILE / TLS_KEY_FILE, read and checked at boot (and again on SIGHUP,
 * after a renewal), so a wrong path or a key that does not match the
 * certificate stops the service with one line instead of failing handshakes.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ConfigError } from './env-readers';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  /** PEM: the server certificate followed by its intermediates. */
  cert: Buffer;
  key: Buffer;
}

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(variable, `cannot be read (${code}: ${file})`);
  }
}

export function readTlsFiles(certFile: string, keyFile: string): TlsFiles {
  const cert = readPem('TLS_CERT_FILE', certFile);
  const key = readPem('TLS_KEY_FILE', keyFile);
  if (!cert.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError('TLS_CERT_FILE', `must be a PEM certificate (${certFile})`);
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key.toString('latin1'))) {
    throw new ConfigError('TLS_KEY_FILE', `must be a PEM private key without a passphrase (${keyFile})`);
  }
  try {
    // The same check the HTTPS server makes: parses both and matches key to certificate.
    createSecureContext({ cert, key });
  } catch (error) {
    const reason = (error as Error).message.replace(/\s+/g, ' ');
    throw new ConfigError('TLS_KEY_FILE', `does not fit TLS_CERT_FILE (${reason})`);
  }
  return { certFile, keyFile, cert, key };
}
