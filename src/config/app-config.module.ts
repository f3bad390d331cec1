/**
 * Owns configuration: loads `.env` (when present) through @nestjs/config,
 * validates it once with parseEnv, and provides the typed AppConfig globally.
 */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig, parseEnv } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');
const VALIDATED_KEY = '__tvbridge_config';

@Global()
@Module({})
export class AppConfigModule {
  /**
   * `overrides` lets tests and tools boot the app with their own settings
   * without touching process.env (test files run in parallel).
   */
  static async forRoot(overrides?: Record<string, string | undefined>): Promise<DynamicModule> {
    // Awaited here so that a validation failure rejects this call, where the
    // bootstrap can report it, rather than surfacing as an unhandled rejection.
    const configModule = await ConfigModule.forRoot({
      ignoreEnvFile: overrides !== undefined,
      ignoreEnvVars: overrides !== undefined,
      // Only the parsed object is kept; nothing is written back to process.env.
      validate: (raw) => ({ [VALIDATED_KEY]: parseEnv(overrides ?? raw) }),
    });
    return {
      module: AppConfigModule,
      imports: [configModule],
      providers: [
        {
          provide: APP_CONFIG,
          inject: [ConfigService],
          useFactory: (config: ConfigService): AppConfig => config.getOrThrow<AppConfig>(VALIDATED_KEY),
        },
      ],
      exports: [APP_CONFIG],
    };
  }
}
