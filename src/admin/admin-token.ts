/**
 * The bearer token of the admin API: ADMIN_TOKEN, or in paper mode (only) a
 * random one kept in DATA_DIR/admin-token (mode 0600), so bookmarks, scripts
 * and the Swagger UI keep working across restarts. The log names the file,
 * never the token.
 */
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppConfig } from '../config/app-config';
import { SecretRedactor } from '../logging/secret-redactor';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');
export const ADMIN_TOKEN_FILE = 'admin-token';
/** The same floor ADMIN_TOKEN has in the configuration. */
const MIN_LENGTH = 16;

export function adminTokenFile(config: AppConfig): string {
  return path.resolve(config.dataDir, ADMIN_TOKEN_FILE);
}

function readKeptToken(file: string, logger: Logger): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the admin token file ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (text.length < MIN_LENGTH) {
    throw new Error(`the admin token file ${file} holds fewer than ${MIN_LENGTH} characters; delete it for a new one`);
  }
  // Anyone who can read the file can administer the service.
  if ((statSync(file).mode & 0o077) !== 0) {
    chmodSync(file, 0o600);
    logger.warn(`${file} was readable by other users; its mode is now 0600`);
  }
  return text;
}

export function resolveAdminToken(config: AppConfig, logger = new Logger('Admin')): string {
  if (config.adminToken) return config.adminToken;
  const file = adminTokenFile(config);
  const kept = readKeptToken(file, logger);
  if (kept !== undefined) {
    logger.log(`ADMIN_TOKEN is not set: using the paper-mode admin token kept in ${file}`);
    return kept;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const token = randomBytes(24).toString('base64url');
  // Written whole, then linked into place: two instances sharing DATA_DIR never
  // overwrite each other's token, nor read a half-written one.
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, `${token}\n`, { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeptToken(file, logger)!;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  logger.warn(`ADMIN_TOKEN is not set: generated a paper-mode admin token in ${file} (kept across restarts)`);
  return token;
}

export function redactGeneratedToken(config: AppConfig, token: string, redactor: SecretRedactor): void {
  if (!config.adminToken) redactor.add(token);
}
