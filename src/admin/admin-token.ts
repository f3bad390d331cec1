/**
 * The bearer token of the admin API: ADMIN_TOKEN, or in paper mode (only) a
 * random one generated at boot and printed once in the log.
 */
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { SecretRedactor } from '../logging/redact';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

export function resolveAdminToken(config: AppConfig, logger = new Logger('Admin')): string {
  if (config.adminToken) return config.adminToken;
  const token = randomBytes(24).toString('base64url');
  // Printed this once; AdminModule adds it to the redactor after the boot logs are flushed.
  logger.warn(`ADMIN_TOKEN is not set: generated admin token for this run (paper mode): ${token}`);
  return token;
}

export function redactGeneratedToken(config: AppConfig, token: string, redactor: SecretRedactor): void {
  if (!config.adminToken) redactor.add(token);
}
