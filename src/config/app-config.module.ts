/**
 * Owns configuration: loads `.env` (when present) through @nestjs/config,
 * validates it once with parseEnv, and provides the typed AppConfig globally.
 */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig, parseEnv } from './app-config';

export const APP_CONFIG = Symbol('APP_CONFIG');
const VALIDATED_KEY = '__tvbridge_config';

/**
 * The validated configuration from process.env and `.env`, or from `overrides`
 * alone (tests boot several apps side by side without touching process.env).
 * Read before the application is created: the HTTPS server needs it.
 */
export async function loadAppConfig(overrides?: Record<string, string | undefined>): Promise<AppConfig> {
  let config: AppConfig | undefined;
  // Awaited here so that a validation failure rejects this call, where the
  // bootstrap can report it, rather than surfacing as an unhandled rejection.
  await ConfigModule.forRoot({
    ignoreEnvFile: overrides !== undefined,
    ignoreEnvVars: overrides !== undefined,
    // Only the parsed object is kept; nothing is written back to process.env.
    validate: (raw) => {
      config = parseEnv(overrides ?? raw);
      return { [VALIDATED_KEY]: config };
    },
  });
  return config!;
}

@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
