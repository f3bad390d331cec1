/**
 * Structured logging with pino: a request id on every line of a request,
 * secrets scrubbed, appended to LOG_FILE as JSON and written to stdout
 * (human-readable on a terminal, JSON otherwise: see stdout-log-stream.ts).
 */
import { Global, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { SecretRedactor } from './secret-redactor';
import { stdoutLogFormat, stdoutLogStream } from './stdout-log-stream';

export const SECRET_REDACTOR = Symbol('SECRET_REDACTOR');

/**
 * The log file is created readable by its owner only (it records addresses,
 * payloads and errors), and an existing one is narrowed to that too.
 */
export function privateLogFile(file: string): string {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  return file;
}

/** One redactor for the whole service, seeded with the configured secrets. */
@Global()
@Module({
  providers: [
    {
      provide: SECRET_REDACTOR,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new SecretRedactor([config.binanceApiSecret, config.webhookSecret, config.adminToken]),
    },
  ],
  exports: [SECRET_REDACTOR],
})
export class RedactionModule {}

function logStreams(config: AppConfig): pino.StreamEntry[] {
  const file = pino.destination({ dest: privateLogFile(config.logFile), sync: false, mode: 0o600 });
  const stdout = stdoutLogStream(stdoutLogFormat(config.logStdout, process.stdout.isTTY === true));
  return [file, ...(stdout ? [stdout] : [])].map((stream) => ({ level: 'trace' as const, stream }));
}

@Module({
  imports: [
    RedactionModule,
    LoggerModule.forRootAsync({
      imports: [RedactionModule],
      inject: [APP_CONFIG, SECRET_REDACTOR],
      useFactory: (config: AppConfig, redactor: SecretRedactor) => ({
        pinoHttp: {
          level: config.logLevel,
          genReqId: (req, res) => {
            const incoming = req.headers['x-request-id'];
            const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
            res.setHeader('x-request-id', id);
            return id;
          },
          customProps: () => ({ service: 'tvbridge' }),
          serializers: {
            req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
              id: req.id,
              method: req.method,
              url: redactor.redactString(req.url.replace(/([?&](token|secret|passphrase)=)[^&]*/gi, '$1[REDACTED]')),
              remoteAddress: req.remoteAddress,
            }),
            res: (res: { statusCode: number | null }) => ({ statusCode: res.statusCode }),
          },
          formatters: { log: (object: Record<string, unknown>) => redactor.redact(object) },
          hooks: {
            logMethod(args: unknown[], method: (...a: unknown[]) => void) {
              method.apply(
                this,
                args.map((arg) => (typeof arg === 'string' ? redactor.redactString(arg) : arg)),
              );
            },
          },
          stream: pino.multistream(logStreams(config)),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
